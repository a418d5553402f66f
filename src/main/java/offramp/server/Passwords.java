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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a role's password comes from, never argv, first found first: the role's password file, the server's
 * variable ({@code OFFRAMP_SOURCE_PASSWORD}, {@code OFFRAMP_TARGET_PASSWORD}, ...; see {@link #variable}), the
 * command's older name for it ({@code OFFRAMP_TO_PASSWORD}, ...), a prompt on the terminal when asked for, the
 * {@code password} of the MySQL option files ({@code [client]} or {@code [offramp]} of ~/.my.cnf, --defaults-file,
 * --defaults-extra-file); none of them means an empty password. Each password says where it came from.
 */
public final class Passwords {

    /** The option files of this run: {@code --defaults-file} and {@code --defaults-extra-file}, when given. */
    private static volatile Path defaultsFile;
    private static volatile Path extraFile;
    private static volatile Map<String, OptionFiles.Value> options;
    /** Where each server's password came from is said once per run. */
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

    private Passwords() {
    }

    /** Uses these option files (either may be null) instead of the ones mysql reads by default. */
    public static synchronized void useOptionFiles(Path defaults, Path extra) {
        if (defaults != null) {
            defaultsFile = defaults;
        }
        if (extra != null) {
            extraFile = extra;
        }
        options = null;
    }

    /** Back to mysql's default option files (a new command in the same process). */
    public static synchronized void reset() {
        SAID.clear();
        defaultsFile = null;
        extraFile = null;
        options = null;
    }

    /** The [client] and [offramp] options of this run's option files. */
    public static synchronized Map<String, OptionFiles.Value> options() {
        if (options == null) {
            options = OptionFiles.read(OptionFiles.files(System.getenv(), defaultsFile, extraFile), OptionFiles.GROUPS,
                defaultsFile, extraFile);
        }
        return options;
    }

    /**
     * A server's address; its user and port may be left out when the option files' {@code [client]} give them
     * ({@code user}, {@code port}), as mysql takes them.
     */
    public static ServerUri address(String text) {
        OptionFiles.Value user = options().get("user");
        OptionFiles.Value port = options().get("port");
        Integer defaultPort = null;
        if (port != null) {
            try {
                defaultPort = Integer.parseInt(port.value().strip());
            } catch (NumberFormatException e) {
                throw new BadUsage("option file " + port.file() + ": port must be a number, got '" + port.value() + "'");
            }
        }
        return ServerUri.parse(text, user == null ? null : user.value(), defaultPort);
    }

    /**
     * TLS from the command line, else from the option files' {@code ssl-mode} and {@code ssl-ca} (as mysql takes
     * them: a CA alone means verify-ca).
     */
    public static Tls tls(String mode, Path ca) {
        if (mode == null && ca == null) {
            OptionFiles.Value m = options().get("ssl-mode");
            OptionFiles.Value c = options().get("ssl-ca");
            return Tls.parse(m == null ? null : m.value(), c == null ? null : Path.of(c.value()));
        }
        return Tls.parse(mode, ca);
    }

    /**
     * The variable of a server, whatever the command calls it: the source (from, left) is
     * {@code OFFRAMP_SOURCE_PASSWORD}, the target (to, right, replica) {@code OFFRAMP_TARGET_PASSWORD}, the
     * clone {@code OFFRAMP_CLONE_PASSWORD}, the replication user {@code OFFRAMP_REPLICATION_PASSWORD}.
     */
    public static String variable(String role) {
        String server = switch (role) {
            case "from", "left" -> "source";
            case "to", "right", "replica" -> "target";
            default -> role;
        };
        return "OFFRAMP_" + server.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD";
    }

    /** The command's own older name for the role's variable, still read. */
    static String olderVariable(String role) {
        return "OFFRAMP_" + role.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD";
    }

    public static Endpoint endpoint(String role, ServerUri uri, Path passwordFile, boolean prompt) {
        return endpoint(role, uri, passwordFile, prompt, Tls.DISABLED);
    }

    public static Endpoint endpoint(String role, ServerUri uri, Path passwordFile, boolean prompt, Tls tls) {
        Secret password = resolve(role, passwordFile, prompt, uri);
        if (SAID.add(role + " " + uri + " " + password.origin())) {
            System.err.println("offramp: " + role + " " + uri + ": password from " + password.origin());
        }
        return new Endpoint(role, uri, password, tls);
    }

    public static Secret resolve(String role, Path passwordFile, boolean prompt, ServerUri uri) {
        return resolve(role, passwordFile, prompt, uri, System.getenv());
    }

    static Secret resolve(String role, Path passwordFile, boolean prompt, ServerUri uri, Map<String, String> env) {
        if (passwordFile != null) {
            if (Files.isDirectory(passwordFile)) {
                throw new BadUsage("the " + role + " password file " + passwordFile + " is a directory: give the file "
                    + "that holds the password (one line, mode 600)");
            }
            warnIfOthersCanRead(role, passwordFile);
            try {
                String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
                return new Secret(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text,
                    "the password file " + passwordFile);
            } catch (IOException e) {
                throw new BadUsage("cannot read the " + role + " password file " + passwordFile
                    + ": " + e.getMessage());
            }
        }
        String variable = variable(role);
        List<String> names = new ArrayList<>(List.of(olderVariable(role), variable));
        if (role.equals("clone")) {
            names.add(variable("source")); // a clone is a copy of the source, with its accounts and passwords
        }
        for (String name : new LinkedHashSet<>(names)) {
            String fromEnv = env.get(name);
            if (fromEnv != null) {
                return new Secret(fromEnv, name);
            }
        }
        if (prompt) {
            Console console = System.console();
            if (console == null) {
                throw new BadUsage("--ask-pass needs a terminal; set " + variable
                    + " or --" + role + "-password-file instead");
            }
            char[] typed = console.readPassword("Password for %s (%s): ", uri, role);
            return new Secret(typed == null ? "" : new String(typed), "the prompt");
        }
        if (!role.equals("replication")) {
            OptionFiles.Value fromOptionFile = options().get("password");
            if (fromOptionFile != null) {
                return new Secret(fromOptionFile.value(), "the option file " + fromOptionFile.file());
            }
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
