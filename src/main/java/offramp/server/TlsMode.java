package offramp.server;

import offramp.usage.BadUsage;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a connection uses TLS, by the names MySQL's clients use: off, required (encrypted, certificate not checked),
 * or required with the server's certificate checked against a CA (and, with verify-identity, its host name too).
 */
public enum TlsMode {
    DISABLED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY;

    /** From disabled, required, verify-ca or verify-identity (any case, _ for -). */
    public static TlsMode parse(String name) {
        String key = name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(m -> m.name().equals(key)).findFirst()
            .orElseThrow(() -> new BadUsage("TLS mode must be " + choices() + ", not '" + name + "'"));
    }

    /** Whether {@code name} is one of the modes' names. */
    public static boolean isName(String name) {
        return Arrays.stream(values()).anyMatch(m -> m.cliName().equals(name));
    }

    /** The modes' names as the clients write them, in order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(TlsMode::cliName).toList();
    }

    /** The mode's name as the clients write it: verify-ca. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the server's certificate is checked, which needs the CA that signed it. */
    public boolean verifies() {
        return this == VERIFY_CA || this == VERIFY_IDENTITY;
    }

    /** "disabled, required, verify-ca or verify-identity". */
    static String choices() {
        String all = Arrays.stream(values()).map(TlsMode::cliName).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }
}
