package offramp.cli;

import picocli.CommandLine.Option;

/** Options every command that talks to servers shares. */
final class CommonOptions {

    @Option(names = "--ask-pass", description = "prompt for passwords on the terminal")
    boolean askPass;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;
}
