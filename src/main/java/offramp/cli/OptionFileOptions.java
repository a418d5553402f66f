package offramp.cli;

import offramp.server.Passwords;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The MySQL option files a command reads passwords and TLS from, as mysql's clients take them. */
final class OptionFileOptions {

    /** The --help lines on passwords of the commands that take a configuration file. */
    static final String PASSWORDS_CONFIG = "Passwords: each server's password-file, else OFFRAMP_SOURCE_PASSWORD, "
        + "OFFRAMP_TARGET_PASSWORD, OFFRAMP_CLONE_PASSWORD (else the source's), OFFRAMP_REPLICATION_PASSWORD, else";
    static final String PASSWORDS_OPTION_FILES = "the password of the MySQL option files ([client]: /etc/my.cnf, "
        + "/etc/mysql/my.cnf, $HOME/.my.cnf, --defaults-extra-file; or only --defaults-file).";
    static final String PASSWORDS_SAID = "Where each server's password came from is printed on stderr (never the password).";

    @Option(names = "--defaults-file", paramLabel = "FILE",
        description = "read only this MySQL option file ([client] and [offramp]: password, user, port, ssl-ca, ssl-mode) instead of "
            + "/etc/my.cnf, /etc/mysql/my.cnf and $HOME/.my.cnf")
    void defaultsFile(Path file) {
        defaultsFile = file;
        Passwords.useOptionFiles(file, null);
    }

    @Option(names = "--defaults-extra-file", paramLabel = "FILE",
        description = "read this MySQL option file after /etc/my.cnf, /etc/mysql/my.cnf and $HOME/.my.cnf")
    void extraFile(Path file) {
        extraFile = file;
        Passwords.useOptionFiles(null, file);
    }

    private Path defaultsFile;
    private Path extraFile;

    /** The same options again, for a process that reruns the command (the cutover's guard). */
    List<String> arguments() {
        List<String> args = new ArrayList<>();
        if (defaultsFile != null) {
            args.addAll(List.of("--defaults-file", defaultsFile.toAbsolutePath().toString()));
        }
        if (extraFile != null) {
            args.addAll(List.of("--defaults-extra-file", extraFile.toAbsolutePath().toString()));
        }
        return args;
    }
}
