package offramp.pipeline;

import offramp.server.Secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Whether the replication password is the one the source stores for the replication user: otherwise the replica's
 * login is refused only when replication starts, after the snapshot, the copy and the verification. Told where the
 * account's hash can be computed from the password (mysql_native_password, unsalted); other plugins salt it, and
 * then nothing is said.
 */
final class PreflightLogin {

    private PreflightLogin() {
    }

    /** How a password compares with the stored authentication of the user's accounts. */
    enum Verdict {
        /** One of the accounts takes it. */
        MATCHES,
        /** Every account is mysql_native_password, and none takes it. */
        DIFFERS,
        /** Some account's hash is salted or of another plugin: cannot be told here. */
        UNKNOWN
    }

    /** One account of the user: its authentication plugin and what the server stores for it. */
    record Stored(String host, String plugin, String authentication) {
    }

    static Verdict compare(String password, List<Stored> accounts) {
        if (accounts.isEmpty()) {
            return Verdict.UNKNOWN;
        }
        String hash = nativeHash(password);
        boolean allNative = true;
        for (Stored a : accounts) {
            String plugin = a.plugin() == null || a.plugin().isEmpty() ? "mysql_native_password" : a.plugin();
            if (!plugin.equals("mysql_native_password")) {
                allNative = false;
            } else if (hash.equalsIgnoreCase(a.authentication() == null ? "" : a.authentication())) {
                return Verdict.MATCHES;
            }
        }
        return allNative ? Verdict.DIFFERS : Verdict.UNKNOWN;
    }

    /** mysql_native_password's stored form: '*' and SHA1(SHA1(password)) in upper-case hex; empty for no password. */
    static String nativeHash(String password) {
        if (password.isEmpty()) {
            return "";
        }
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] once = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
            return "*" + HexFormat.of().withUpperCase().formatHex(sha1.digest(once));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }

    /**
     * The check, or null when it cannot be told: the source user may not read mysql.user, or the accounts' hashes
     * are salted.
     */
    static Check check(Connection source, String user, Secret password) {
        List<Stored> accounts = new ArrayList<>();
        try (PreparedStatement ps = source.prepareStatement(
            "SELECT Host, plugin, authentication_string FROM mysql.user WHERE User = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    accounts.add(new Stored(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        } catch (SQLException cannotRead) {
            return null;
        }
        return switch (compare(password.reveal(), accounts)) {
            case MATCHES -> Check.pass("replication password", "the password (from " + password.origin() + ") is " + user
                + "'s on the source");
            case DIFFERS -> Check.fail("replication password", "the password (from " + password.origin() + ") is not "
                + user + "'s on the source: the replica's login would be refused once replication starts, after the copy",
                "give the replication user's password (OFFRAMP_REPLICATION_PASSWORD or replication.password-file), or "
                    + "ALTER USER on the source to the password given");
            case UNKNOWN -> null;
        };
    }
}
