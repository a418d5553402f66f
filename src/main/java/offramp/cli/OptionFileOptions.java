package offramp.cli;

import offramp.server.Passwords;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The MySQL option files a command reads passwords and TLS from, as mysql's clients take them. */
final class OptionFileOptions {

    @Option(names = "--defaults-file", paramLabel = "FILE",
        description = "read only this MySQL option file ([client] and [offramp]: password, ssl-ca, ssl-mode) instead of "
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
