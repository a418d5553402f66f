package offramp.cli;

import offramp.coordinates.NotProvenException;
import offramp.pipeline.DataDiffers;
import offramp.server.Passwords;
import offramp.server.ServerUri;
import offramp.usage.BadUsage;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The offramp command line. Commands parse, delegate, and return an exit code. */
@Command(name = "offramp", mixinStandardHelpOptions = true, version = "offramp 0.1.0",
    description = "External MySQL replicas of Aurora MySQL (or any MySQL/MariaDB server), started from "
        + "binlog coordinates proven on a snapshot clone.")
public final class Main {

    /** The commands, in the order the usage lists them. */
    private static final List<Class<?>> COMMANDS = List.of(BinlogCommand.class, CoordinatesCommand.class,
        CopyCommand.class, ChecksumCommand.class, ReplicateCommand.class, StatusCommand.class, VerifyCommand.class,
        PlanCommand.class, ProvisionCommand.class, CutoverCommand.class, DemoCommand.class);

    /** Held so that the level set on it stays: the log manager keeps loggers only weakly. */
    private static final Logger BINLOG_CLIENT_LOG = Logger.getLogger("com.github.shyiko.mysql.binlog");

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        // The binlog client logs every connect at INFO; offramp reports what matters itself.
        BINLOG_CLIENT_LOG.setLevel(Level.WARNING);
        Passwords.reset();
        CommandLine cli = new CommandLine(new Main());
        // Only the command asked for is modelled (picocli reads every option of every command it is given, a
        // quarter of a second of the start on one core); the usage, a typo and a bare --help get them all.
        for (Class<?> command : commandsFor(args)) {
            cli.addSubcommand(command);
        }
        cli.registerConverter(ServerUri.class, ServerUri::parse);
        // -V on a command prints the version too, not nothing: picocli gives subcommands no version of their own.
        String[] version = cli.getCommandSpec().version();
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().version(version));
        cli.setExitCodeExceptionMapper(Main::exitCode);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            int exit = exitCode(e, commandLine.getCommand());
            commandLine.getErr().println("offramp: " + message(e));
            if (wantsJson(parseResult)) {
                printJsonError(message(e), exit);
            }
            return exit;
        });
        CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, arguments) -> {
            int handled = usage.handleParseException(e, arguments);
            int exit = e.getCommandLine().getCommand() instanceof StatusCommand ? ExitCodes.STATUS_UNKNOWN : handled;
            // The command line could not be parsed, so --json is looked for among the raw arguments.
            if (Arrays.asList(arguments).contains("--json")) {
                printJsonError(e.getMessage(), exit);
            }
            return exit;
        });
        return cli.execute(args);
    }

    /** The command the first argument names, or all of them when it names none. */
    static List<Class<?>> commandsFor(String... args) {
        if (args.length > 0) {
            for (Class<?> command : COMMANDS) {
                if (command.getAnnotation(Command.class).name().equals(args[0])) {
                    return List.of(command);
                }
            }
        }
        return COMMANDS;
    }

    /** Whether the command (or any command on the way to it) was given {@code --json}. */
    private static boolean wantsJson(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--json")) {
                return true;
            }
        }
        return false;
    }

    /**
     * With {@code --json} a failure is also an object on stdout, where a script reads the result: the same
     * message as on stderr, and the exit code.
     */
    private static void printJsonError(String message, int exit) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", message);
        error.put("exitCode", exit);
        System.out.println(Json.of(error));
        System.out.flush();
    }

    /**
     * The exit code of a failure of {@code command}: status, a monitoring plugin, says UNKNOWN (3) whenever it could
     * not check, bad usage included, so that nothing but a verdict reads as CRITICAL (2).
     */
    static int exitCode(Throwable e, Object command) {
        return command instanceof StatusCommand ? ExitCodes.STATUS_UNKNOWN : exitCode(e);
    }

    static int exitCode(Throwable e) {
        if (e instanceof NotProvenException) {
            return ExitCodes.NOT_PROVEN;
        }
        if (e instanceof DataDiffers) {
            return ExitCodes.DATA_DIFFERS;
        }
        // Only offramp's own verdicts on what it was given; a library's IllegalArgumentException is a failure.
        if (e instanceof BadUsage || e instanceof CommandLine.ParameterException) {
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
