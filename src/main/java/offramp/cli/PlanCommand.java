package offramp.cli;

import offramp.pipeline.ConfigLoader;
import offramp.pipeline.Provision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "plan", mixinStandardHelpOptions = true,
    footer = {OptionFileOptions.PASSWORDS_CONFIG, OptionFileOptions.PASSWORDS_OPTION_FILES, OptionFileOptions.PASSWORDS_SAID},
    description = {
    "Run the preflight checks and print the plan of steps; changes nothing.",
    "When the work directory records a run, says what it did instead: a provisioned replica (follow it with status),",
    "or an interrupted run that provision resumes.",
    "Exit codes: 0 ready to provision, provisioned already, or resumable; 2 a check failed (each failure names its fix)."})
final class PlanCommand implements Callable<Integer> {

    @Mixin
    OptionFileOptions optionFiles;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "offramp.yaml")
    Path config;

    @Option(names = "--json", description = "print {\"ready\": true|false} on stdout; the checks go to stderr")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Provision.PlanOutcome outcome;
        try (Provision provision = new Provision(ConfigLoader.load(config), config, json ? System.err : System.out)) {
            outcome = provision.plan();
        }
        boolean ready = outcome == Provision.PlanOutcome.READY || outcome == Provision.PlanOutcome.RESUMES;
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ready", ready);
            result.put("provisioned", outcome == Provision.PlanOutcome.PROVISIONED);
            result.put("resumes", outcome == Provision.PlanOutcome.RESUMES);
            System.out.println(Json.of(result));
        } else {
            System.out.println(switch (outcome) {
                case READY -> "ready: offramp provision --config " + config;
                case RESUMES -> "ready: offramp provision --config " + config + " resumes the recorded run";
                case PROVISIONED -> "provisioned: follow the replica with offramp status --config " + config;
                case NOT_READY -> "not ready: fix what is named above";
            });
        }
        return outcome == Provision.PlanOutcome.NOT_READY ? ExitCodes.USAGE : ExitCodes.DONE;
    }
}
