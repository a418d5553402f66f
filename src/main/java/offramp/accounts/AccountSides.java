package offramp.accounts;

import offramp.server.Dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The accounts of a source and a target as far as a selection takes them: every account of the source (those the
 * selection leaves out unread, with an empty definition), and the target's definition of each selected account
 * it has. The copy plans from it; the checksum compares it.
 *
 * @param source        every account of the source, roles first
 * @param target        the target's definition of the selected accounts it has
 * @param own           the accounts offramp is logged in as, on either side
 * @param targetPlugins the target's authentication plugins
 */
public record AccountSides(List<AccountDefinition> source, Map<AccountName, AccountDefinition> target,
                           Set<AccountName> own, Set<String> targetPlugins) {

    public static AccountSides read(Connection source, Dialect sourceDialect, Connection target, Dialect targetDialect,
                                    AccountSelection selection) throws SQLException {
        AccountReader from = new AccountReader(source, sourceDialect);
        AccountReader to = new AccountReader(target, targetDialect);
        Set<AccountName> own = new HashSet<>(List.of(from.current(), to.current()));
        Map<AccountName, Boolean> names = from.names();
        boolean any = names.keySet().stream().anyMatch(n -> selection.leftOut(n, own).isEmpty());
        Map<AccountName, Boolean> onTarget = any ? to.names() : Map.of(); // nothing wanted: the target is not read
        List<AccountDefinition> sourceAccounts = new ArrayList<>();
        Map<AccountName, AccountDefinition> targetAccounts = new LinkedHashMap<>();
        for (var e : names.entrySet()) {
            AccountName name = e.getKey();
            if (selection.leftOut(name, own).isPresent()) {
                sourceAccounts.add(new AccountDefinition(name, e.getValue(), "", List.of()));
                continue;
            }
            sourceAccounts.add(from.read(name, e.getValue()));
            if (onTarget.containsKey(name)) {
                targetAccounts.put(name, to.read(name, onTarget.get(name)));
            }
        }
        return new AccountSides(sourceAccounts, targetAccounts, own, to.plugins());
    }

    /** The source's accounts the selection takes, as they are to be on the target (Aurora's privileges left out). */
    public List<AccountDefinition> selected(AccountSelection selection) {
        return source.stream().filter(a -> selection.leftOut(a.name(), own).isEmpty())
            .map(a -> AuroraPrivileges.carried(a).definition()).toList();
    }
}
