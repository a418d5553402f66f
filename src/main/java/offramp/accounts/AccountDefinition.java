package offramp.accounts;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * An account as its server prints it: the statement that creates it (SHOW CREATE USER: authentication plugin and
 * stored hash, TLS requirement, resource limits, locking, password expiry; CREATE ROLE for a MariaDB role) and
 * its grants (SHOW GRANTS, one statement a line). The hashes are in these texts, so they are executed and
 * compared, never printed: {@link #toString()} names the account only.
 */
public record AccountDefinition(AccountName name, boolean role, String create, List<String> grants) {

    public AccountDefinition {
        grants = List.copyOf(grants);
    }

    /** The same account on two servers: the same creation and the same grants, in whatever order they print. */
    public boolean sameAs(AccountDefinition other) {
        return create.equals(other.create) && new LinkedHashSet<>(grants).equals(new LinkedHashSet<>(other.grants));
    }

    /** Whether {@code other} was created the same and holds some of these grants, none besides. */
    public boolean startOf(AccountDefinition other) {
        return create.equals(other.create) && new LinkedHashSet<>(grants).containsAll(other.grants);
    }

    /**
     * The grant lines this account has that {@code other} lacks, each told without hashes; the USAGE line that
     * restates the creation (MariaDB prints the authentication there) is the creation's difference, not a grant's.
     */
    public List<String> missingFrom(AccountDefinition other) {
        return grants.stream().filter(g -> !other.grants.contains(g) && !GrantText.onlyUsage(g)).map(GrantText::describe).toList();
    }

    @Override
    public String toString() {
        return (role ? "role " : "account ") + name;
    }
}
