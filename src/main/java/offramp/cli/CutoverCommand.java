package offramp.cli;

import offramp.cutover.Cutover;
import offramp.cutover.CutoverSettings;
import offramp.pipeline.ConfigLoader;
import offramp.usage.BadUsage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "cutover", mixinStandardHelpOptions = true,
    footer = {OptionFileOptions.PASSWORDS_CONFIG, OptionFileOptions.PASSWORDS_OPTION_FILES, OptionFileOptions.PASSWORDS_SAID},
    description = {
    "Move the writes from the source to its replica (the target), with proof, one time budget and a way back.",
    "Preflight (with the write stop's estimate, which must fit the budget); fence the source (application accounts",
    "locked, read_only, their sessions ended); prove its binlog holds no write but the server's own heartbeats; wait",
    "until the target has applied the final position F; compare both; stop replication and record T0; arm the source replicating",
    "from the target at T0; open the target; run the switch command.",
    "Any failure or an exhausted budget before the target opens undoes it all in reverse order. Journalled in the",
    "work directory: after a kill, rerun the same command to finish the rollback or the cutover.",
    "Exit codes: 0 done, 1 failed or rolled back, 2 refused by preflight or bad configuration, 4 the servers differ at F."})
final class CutoverCommand implements Callable<Integer> {

    @Mixin
    OptionFileOptions optionFiles;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "offramp.yaml (with a cutover: section)")
    Path config;

    @Option(names = "--plan", description = "print the preflight checks and every step with its statements; change nothing")
    boolean plan;

    @Option(names = "--reverse", description = "move the writes back to the source, which has been replicating from the target")
    boolean reverse;

    @Option(names = "--complete", description = "the one irreversible step: remove the way back (the old primary's replication)")
    boolean complete;

    @Option(names = "--no-reverse", description = "do not arm the way back")
    boolean noReverse;

    @Option(names = "--budget", paramLabel = "SECONDS", converter = PositiveNumber.Int.class,
        description = "the time budget of the write stop (default: cutover.budget-seconds, or 300)")
    Integer budget;

    @Option(names = "--verify", paramLabel = "MODE", description = "the final proof: full (default), sample (the first, the last and random chunks of each table, at most 8) or none")
    String verify;

    @Option(names = "--verified-within", paramLabel = "SECONDS",
        description = "with verify: full, reuse the last live verification (offramp verify --config) if it is at most this old "
            + "and found the servers identical, instead of running one before the fence (default: always run one)")
    Integer verifiedWithin;

    @Option(names = "--switch-command", paramLabel = "CMD", description = "run after the new primary opens (DNS, proxy)")
    String switchCommand;

    @Option(names = "--json", description = "print the summary as JSON on stdout; progress goes to stderr")
    boolean json;

    @Option(names = "--recover-orphaned", hidden = true,
        description = "what the guard process runs: wait for offramp's pipe to close, then finish an attempt left in flight")
    boolean recoverOrphaned;

    /** This command again, as the guard reruns it. */
    private List<String> rerunArguments() {
        List<String> args = new ArrayList<>(List.of("cutover", "--config", config.toAbsolutePath().toString()));
        args.addAll(optionFiles.arguments()); // the guard finds the passwords where this run found them
        if (reverse) {
            args.add("--reverse");
        }
        if (noReverse) {
            args.add("--no-reverse");
        }
        if (budget != null) {
            args.addAll(List.of("--budget", budget.toString()));
        }
        if (verify != null) {
            args.addAll(List.of("--verify", verify));
        }
        if (switchCommand != null) {
            args.addAll(List.of("--switch-command", switchCommand));
        }
        return args;
    }

    @Override
    public Integer call() throws Exception {
        if (complete && (reverse || plan)) {
            throw new BadUsage("--complete goes alone: it removes the way back after a cutover");
        }
        Cutover cutover = new Cutover(ConfigLoader.loadWithoutSnapshot(config), config, json ? System.err : System.out,
            new CutoverSettings.Overrides(budget, verify, switchCommand, noReverse));
        if (recoverOrphaned) {
            cutover.recoverOrphaned(System.in);
            return ExitCodes.DONE;
        }
        cutover.guardedBy(rerunArguments());
        if (verifiedWithin != null) {
            cutover.verifiedWithin(Duration.ofSeconds(verifiedWithin));
        }
        if (plan) {
            boolean ready = cutover.plan(reverse);
            return ready ? ExitCodes.DONE : ExitCodes.USAGE;
        }
        if (complete) {
            String done = cutover.complete();
            if (json) {
                System.out.println(Json.of(Map.of("completed", done)));
            }
            return ExitCodes.DONE;
        }
        Cutover.Summary summary = cutover.run(reverse);
        if (json) {
            System.out.println(Json.of(summary == null ? Map.of() : summary));
        }
        return ExitCodes.DONE;
    }
}
