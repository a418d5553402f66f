package offramp.server;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's version, read once from {@code @@version}: its family and release numbers. Aurora MySQL reports the
 * MySQL version it is built on there; {@code aurora} holds {@code @@aurora_version} when offramp knows it.
 *
 * @param family the server family
 * @param major  8 in 8.0.36
 * @param minor  0 in 8.0.36
 * @param patch  36 in 8.0.36
 * @param text   {@code @@version} as the server reports it
 * @param aurora {@code @@aurora_version}; null when not known to be Aurora
 */
public record ServerVersion(Family family, int major, int minor, int patch, String text, String aurora)
    implements Comparable<ServerVersion> {

    public enum Family { MYSQL, MARIADB }

    private static final Pattern NUMBERS = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+).*");
    /** MariaDB before 11 announces itself as 5.5.5-10.x in the handshake; some proxies pass that on. */
    private static final String MARIADB_HANDSHAKE_PREFIX = "5.5.5-";

    private static final Comparator<ServerVersion> ORDER = Comparator.comparing(ServerVersion::family)
        .thenComparingInt(ServerVersion::major).thenComparingInt(ServerVersion::minor).thenComparingInt(ServerVersion::patch);

    /**
     * Parses {@code @@version}: MariaDB names itself there; anything else is MySQL (Aurora MySQL and Percona
     * included), which must start with three numbers. A MariaDB version without numbers reads as 0.0.0.
     */
    public static ServerVersion parse(String version) {
        if (version == null) {
            throw new IllegalArgumentException("unrecognised server version: null");
        }
        boolean mariadb = version.toLowerCase().contains("mariadb");
        String numbers = mariadb && version.startsWith(MARIADB_HANDSHAKE_PREFIX)
            ? version.substring(MARIADB_HANDSHAKE_PREFIX.length()) : version;
        Matcher m = NUMBERS.matcher(numbers);
        if (!m.matches()) {
            if (mariadb) {
                return new ServerVersion(Family.MARIADB, 0, 0, 0, version, null);
            }
            throw new IllegalArgumentException("unrecognised server version: " + version);
        }
        return new ServerVersion(mariadb ? Family.MARIADB : Family.MYSQL, Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), version, null);
    }

    /** The release line, {@code major.minor}: 10.11 for 10.11.19-MariaDB. */
    public String release() {
        return major + "." + minor;
    }

    /**
     * The release line of any version text (a server's, or a tool's that matches its server's release), 10.11 for
     * 10.11.6-MariaDB; the text itself when it starts with no version number.
     */
    public static String releaseOf(String version) {
        Matcher m = NUMBERS.matcher(version);
        return m.matches() ? m.group(1) + "." + m.group(2) : version;
    }

    /** The same version, known to run on Aurora MySQL {@code auroraVersion}. */
    public ServerVersion onAurora(String auroraVersion) {
        return new ServerVersion(family, major, minor, patch, text, auroraVersion);
    }

    public boolean isMariaDb() {
        return family == Family.MARIADB;
    }

    public boolean isAurora() {
        return aurora != null;
    }

    /** Whether this version is {@code major.minor.patch} or later (of its own family). */
    public boolean atLeast(int major, int minor, int patch) {
        if (this.major != major) {
            return this.major > major;
        }
        if (this.minor != minor) {
            return this.minor > minor;
        }
        return this.patch >= patch;
    }

    /** Whether this is a release of the {@code major.minor} line (8.0 for 8.0.36). */
    public boolean isRelease(int major, int minor) {
        return this.major == major && this.minor == minor;
    }

    @Override
    public int compareTo(ServerVersion other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return text;
    }
}
