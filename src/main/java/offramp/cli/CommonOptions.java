package offramp.cli;

import offramp.server.Endpoint;
import offramp.server.Passwords;
import offramp.usage.BadUsage;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every command that talks to servers shares, and the endpoints they make. */
final class CommonOptions {

    @Mixin
    OptionFileOptions optionFiles;

    @Option(names = "--ask-pass", description = "prompt for passwords on the terminal")
    boolean askPass;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Option(names = "--ssl-mode", paramLabel = "MODE",
        description = "TLS of offramp's connections: disabled, required, verify-ca or verify-identity (default: disabled, "
            + "or verify-ca when --ssl-ca is given)")
    String sslMode;

    @Option(names = "--ssl-ca", paramLabel = "PEM", description = "CA certificate(s) to check servers against (RDS: the RDS CA bundle)")
    Path sslCa;

    /** A server of the command: its address, its password from the role's variable, file or prompt, and TLS. */
    Endpoint endpoint(String role, String uri, Path passwordFile) {
        return BadUsage.parsing(() -> Passwords.endpoint(role, Passwords.address(uri), passwordFile, askPass,
            Passwords.tls(sslMode, sslCa)));
    }
}
