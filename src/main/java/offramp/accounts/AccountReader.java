package offramp.accounts;

import offramp.server.Dialect;
import offramp.server.Queries;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads one server's accounts, roles first, as its dialect prints them. */
public final class AccountReader {

    private final Connection connection;
    private final Dialect dialect;

    public AccountReader(Connection connection, Dialect dialect) throws SQLException {
        this.connection = connection;
        this.dialect = dialect;
        try (Statement s = connection.createStatement()) {
            for (String setting : dialect.accountReadingSettings()) {
                s.execute(setting);
            }
        }
    }

    /** Every account and role, with whether it is a role, roles first. */
    public Map<AccountName, Boolean> names() throws SQLException {
        Map<AccountName, Boolean> names = new LinkedHashMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(dialect.accountsQuery())) {
            while (rs.next()) {
                names.put(new AccountName(rs.getString(1), rs.getString(2)), rs.getBoolean(3));
            }
        }
        return names;
    }

    /** One account's definition. */
    public AccountDefinition read(AccountName name, boolean role) throws SQLException {
        String show = dialect.showCreateAccount(name.sql(), role);
        String create = show == null ? dialect.createRole(name.sql()) : lines(show).get(0);
        return new AccountDefinition(name, role, create, lines(dialect.showGrants(name.sql())));
    }

    /** The account this connection is logged in as. */
    public AccountName current() throws SQLException {
        return AccountName.ofCurrentUser(Queries.string(connection, "SELECT CURRENT_USER()"));
    }

    /** The authentication plugins the server has. */
    public Set<String> plugins() throws SQLException {
        Set<String> plugins = new LinkedHashSet<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(dialect.authenticationPluginsQuery())) {
            while (rs.next()) {
                plugins.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return plugins;
    }

    private List<String> lines(String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return lines;
    }
}
