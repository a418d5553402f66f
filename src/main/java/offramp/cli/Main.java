package offramp.cli;

import offramp.coordinates.NotProvenException;
import offramp.server.ServerUri;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.logging.Level;
import java.util.logging.Logger;

/** The offramp command line. Commands parse, delegate, and return an exit code. */
@Command(name = "offramp", mixinStandardHelpOptions = true, version = "offramp 0.1.0",
    description = "External MySQL replicas of Aurora MySQL (or any MySQL/MariaDB server), started from "
        + "binlog coordinates proven on a snapshot clone.",
    subcommands = {BinlogCommand.class, CoordinatesCommand.class, CopyCommand.class, ChecksumCommand.class, ReplicateCommand.class, PlanCommand.class, ProvisionCommand.class, DemoCommand.class})
public final class Main {

    /** Held so that the level set on it stays: the log manager keeps loggers only weakly. */
    private static final Logger BINLOG_CLIENT_LOG = Logger.getLogger("com.github.shyiko.mysql.binlog");

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        // The binlog client logs every connect at INFO; offramp reports what matters itself.
        BINLOG_CLIENT_LOG.setLevel(Level.WARNING);
        CommandLine cli = new CommandLine(new Main());
        cli.registerConverter(ServerUri.class, ServerUri::parse);
        cli.setExitCodeExceptionMapper(Main::exitCode);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("offramp: " + message(e));
            return exitCode(e);
        });
        return cli.execute(args);
    }

    static int exitCode(Throwable e) {
        if (e instanceof NotProvenException) {
            return ExitCodes.NOT_PROVEN;
        }
        if (e instanceof offramp.pipeline.DataDiffers) {
            return ExitCodes.DATA_DIFFERS;
        }
        if (e instanceof IllegalArgumentException || e instanceof CommandLine.ParameterException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.FAILED;
    }

    private static String message(Throwable e) {
        if (e instanceof NotProvenException) {
            return "coordinates not proven: " + e.getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
