package offramp.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the compiled classes cannot show: no source outside {@code offramp.server} tells server families apart by
 * hand, re-parses a version string, or names a replication statement whose name depends on the server.
 */
class FlavorRulesInSourceTest {

    private static final Path MAIN = Path.of("src/main/java/offramp");

    /** Flavor tests, version-number patterns, and the statements MySQL 8.4 renamed, in code or in messages. */
    private static final List<Pattern> FORBIDDEN = List.of(
        Pattern.compile("isMariaDb\\(\\)"),
        Pattern.compile("\\bFlavor\\."),
        Pattern.compile("\\.version\\(\\)\\.(major|minor|patch|family|atLeast)"),
        Pattern.compile("toLowerCase\\(\\)\\.contains\\(\"mariadb\"\\)"),
        Pattern.compile("\\(\\\\\\\\d\\+\\)\\\\\\\\\\.\\(\\\\\\\\d\\+\\)"),
        Pattern.compile("(SHOW|START|STOP|RESET) SLAVE|SHOW MASTER STATUS|RESET MASTER|CHANGE MASTER TO|MASTER_POS_WAIT"));

    @Test
    void noFlavorOrVersionRuleOutsideServer() throws IOException {
        List<String> found;
        try (Stream<Path> files = Files.walk(MAIN)) {
            found = files.filter(f -> f.toString().endsWith(".java")).filter(f -> !f.startsWith(MAIN.resolve("server")))
                .flatMap(FlavorRulesInSourceTest::offences).toList();
        }
        assertEquals(List.of(), found, "flavor or version rules outside offramp.server: ask the Dialect instead");
    }

    private static Stream<String> offences(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return IntStream.range(0, lines.size()).boxed()
                .filter(i -> !lines.get(i).trim().matches("(\\*|/\\*|//).*"))
                .filter(i -> FORBIDDEN.stream().anyMatch(p -> p.matcher(lines.get(i)).find()))
                .map(i -> MAIN.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
