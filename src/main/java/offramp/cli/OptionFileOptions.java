package offramp.cli;

import offramp.server.Passwords;
import picocli.CommandLine.Option;

import java.nio.file.Path;

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
        Passwords.useOptionFiles(file, null);
    }

    @Option(names = "--defaults-extra-file", paramLabel = "FILE",
        description = "read this MySQL option file after /etc/my.cnf, /etc/mysql/my.cnf and $HOME/.my.cnf")
    void extraFile(Path file) {
        Passwords.useOptionFiles(null, file);
    }
}
