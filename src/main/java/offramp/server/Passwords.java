package offramp.server;


import offramp.usage.BadUsage;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where a role's password comes from, never argv: {@code OFFRAMP_<ROLE>_PASSWORD}, a password file, or a
 * prompt on the terminal when asked for; none of them means an empty password.
 */
public final class Passwords {

    private Passwords() {
    }

    public static Endpoint endpoint(String role, ServerUri uri, Path passwordFile, boolean prompt) {
        return new Endpoint(role, uri, resolve(role, passwordFile, prompt, uri));
    }

    public static Endpoint endpoint(String role, ServerUri uri, Path passwordFile, boolean prompt, Tls tls) {
        return new Endpoint(role, uri, resolve(role, passwordFile, prompt, uri), tls);
    }

    public static Secret resolve(String role, Path passwordFile, boolean prompt, ServerUri uri) {
        if (passwordFile != null) {
            if (Files.isDirectory(passwordFile)) {
                throw new BadUsage("the " + role + " password file " + passwordFile + " is a directory: give the file "
                    + "that holds the password (one line, mode 600)");
            }
            warnIfOthersCanRead(role, passwordFile);
            try {
                String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
                return new Secret(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
            } catch (IOException e) {
                throw new BadUsage("cannot read the " + role + " password file " + passwordFile
                    + ": " + e.getMessage());
            }
        }
        String variable = "OFFRAMP_" + role.toUpperCase(Locale.ROOT) + "_PASSWORD";
        String fromEnv = System.getenv(variable);
        if (fromEnv != null) {
            return new Secret(fromEnv);
        }
        if (prompt) {
            Console console = System.console();
            if (console == null) {
                throw new BadUsage("--ask-pass needs a terminal; set " + variable
                    + " or --" + role + "-password-file instead");
            }
            char[] typed = console.readPassword("Password for %s (%s): ", uri, role);
            return new Secret(typed == null ? "" : new String(typed));
        }
        return Secret.EMPTY;
    }

    /** A password file that group or others may read is a password shared with them: say so, with the fix. */
    private static void warnIfOthersCanRead(String role, Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException unreadableOrNotPosix) {
            return; // a missing file is reported when it is read; other file systems have no such modes
        }
        List<String> who = new ArrayList<>();
        if (permissions.contains(PosixFilePermission.GROUP_READ)) {
            who.add("its group");
        }
        if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
            who.add("every user");
        }
        if (!who.isEmpty()) {
            System.err.println("offramp: warning: the " + role + " password file " + file + " can be read by "
                + String.join(" and ", who) + " (mode " + PosixFilePermissions.toString(permissions) + "): chmod 600 " + file);
        }
    }
}
