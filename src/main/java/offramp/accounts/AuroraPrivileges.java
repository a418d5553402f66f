package offramp.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Aurora MySQL grants and no other server knows: the privileges of its AWS integrations (Aurora MySQL 2:
 * LOAD FROM S3, SELECT INTO S3, INVOKE LAMBDA, INVOKE SAGEMAKER, INVOKE COMPREHEND) and the roles that hold them
 * in Aurora MySQL 3 (AWS_LOAD_S3_ACCESS, ...), with RDS's own rds_superuser_role. They are left out of the
 * carried account and listed.
 */
public final class AuroraPrivileges {

    static final Set<String> PRIVILEGES = Set.of("LOAD FROM S3", "SELECT INTO S3", "INVOKE LAMBDA", "INVOKE SAGEMAKER",
        "INVOKE COMPREHEND");
    private static final Pattern ROLE = Pattern.compile("AWS_[A-Z0-9_]+_ACCESS|rds_superuser_role", Pattern.CASE_INSENSITIVE);
    /** MySQL's DEFAULT ROLE clause of SHOW CREATE USER: quoted role names up to the next option. */
    private static final Pattern DEFAULT_ROLE = Pattern.compile(
        " DEFAULT ROLE ((?:`(?:[^`]|``)*`(?:@`(?:[^`]|``)*`)?(?:,\\s*)?)+)");
    private static final Pattern ROLE_ITEM = Pattern.compile("`((?:[^`]|``)*)`(?:@`(?:[^`]|``)*`)?");

    private AuroraPrivileges() {
    }

    /** An account as it can be carried, and what of it cannot, told as {@code PRIVILEGE ON object} or {@code role NAME}. */
    public record Carried(AccountDefinition definition, List<String> leftOut) {
    }

    /** Whether a privilege (upper case) or a role name is Aurora's own. */
    public static boolean auroraOnly(String name) {
        return PRIVILEGES.contains(name.toUpperCase(Locale.ROOT)) || ROLE.matcher(name).matches();
    }

    /** Whether an account itself is one of Aurora's roles. */
    public static boolean auroraRole(AccountName name) {
        return ROLE.matcher(name.user()).matches();
    }

    /** The account without Aurora's privileges and roles. */
    public static Carried carried(AccountDefinition account) {
        List<String> leftOut = new ArrayList<>();
        List<String> grants = new ArrayList<>();
        for (String line : account.grants()) {
            String kept = GrantText.without(line, AuroraPrivileges::auroraOnly, leftOut);
            if (kept != null) {
                grants.add(kept);
            }
        }
        String create = withoutDefaultRoles(account.create(), leftOut);
        return new Carried(new AccountDefinition(account.name(), account.role(), create, grants), leftOut);
    }

    /** CREATE USER's DEFAULT ROLE list without Aurora's roles; the clause goes when none is left. */
    static String withoutDefaultRoles(String create, List<String> leftOut) {
        Matcher m = DEFAULT_ROLE.matcher(create);
        if (!m.find()) {
            return create;
        }
        List<String> kept = new ArrayList<>();
        Matcher item = ROLE_ITEM.matcher(m.group(1));
        boolean removed = false;
        while (item.find()) {
            if (auroraOnly(item.group(1).replace("``", "`"))) {
                leftOut.add("default role " + item.group(1));
                removed = true;
            } else {
                kept.add(item.group());
            }
        }
        if (!removed) {
            return create;
        }
        String clause = kept.isEmpty() ? "" : " DEFAULT ROLE " + String.join(",", kept);
        return create.substring(0, m.start()) + clause + (m.end() < create.length() ? " " + create.substring(m.end()).trim() : "");
    }
}
