package offramp.coordinates;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryChoiceTest {

    private static final long CLONE = 2;

    private static BinlogFileOrigin file(int n, long writer) {
        return new BinlogFileOrigin(String.format("mysql-bin-changelog.%06d", n), 1000 + n, writer);
    }

    @Test
    void theLastFileWrittenByAnotherServerIsTheHistory() throws Exception {
        HistoryChoice choice = HistoryChoice.choose(List.of(file(694, 1), file(695, 1), file(696, CLONE)),
            CLONE, Optional.empty());
        assertEquals("mysql-bin-changelog.000695", choice.lastHistoryFile().name());
        assertEquals(1, choice.cloneFiles().size());
        assertTrue(choice.rule().startsWith("server-id"), choice.rule());
    }

    @Test
    void everyRestartOfTheCloneAddsAFileOfItsOwn() throws Exception {
        HistoryChoice choice = HistoryChoice.choose(
            List.of(file(695, 1), file(696, CLONE), file(697, CLONE), file(698, CLONE)), CLONE, Optional.empty());
        assertEquals("mysql-bin-changelog.000695", choice.lastHistoryFile().name());
        assertEquals(3, choice.cloneFiles().size());
    }

    @Test
    void sameServerIdOnBothSidesNeedsTheFileNamed() throws Exception {
        List<BinlogFileOrigin> files = List.of(file(695, CLONE), file(696, CLONE));
        NotProvenException e = assertThrows(NotProvenException.class,
            () -> HistoryChoice.choose(files, CLONE, Optional.empty()));
        assertTrue(e.getMessage().contains("--history-file"), e.getMessage());
        HistoryChoice named = HistoryChoice.choose(files, CLONE, Optional.of("mysql-bin-changelog.000695"));
        assertEquals("mysql-bin-changelog.000695", named.lastHistoryFile().name());
    }

    @Test
    void aServerThatIsNotACloneIsRefused() {
        assertThrows(NotProvenException.class,
            () -> HistoryChoice.choose(List.of(file(1, 1), file(2, 1)), CLONE, Optional.empty()));
        assertThrows(NotProvenException.class,
            () -> HistoryChoice.choose(List.of(file(1, CLONE)), CLONE, Optional.empty()));
    }

    @Test
    void theNamedFileMustExistAndNotBeTheClonesCurrentOne() {
        List<BinlogFileOrigin> files = List.of(file(695, 1), file(696, CLONE));
        assertThrows(NotProvenException.class, () -> HistoryChoice.choose(files, CLONE, Optional.of("nope.000001")));
        assertThrows(NotProvenException.class,
            () -> HistoryChoice.choose(files, CLONE, Optional.of("mysql-bin-changelog.000696")));
    }
}
