package offramp.cli;

import offramp.pipeline.ConfigLoader;
import offramp.pipeline.Provision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "plan", mixinStandardHelpOptions = true, description = {
    "Run the preflight checks and print the plan of steps; changes nothing.",
    "Exit codes: 0 ready to provision, 2 a check failed (each failure names its fix)."})
final class PlanCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "offramp.yaml")
    Path config;

    @Option(names = "--json", description = "print {\"ready\": true|false} on stdout; the checks go to stderr")
    boolean json;

    @Override
    public Integer call() throws Exception {
        boolean ready;
        try (Provision provision = new Provision(ConfigLoader.load(config), config, json ? System.err : System.out)) {
            ready = provision.plan();
        }
        if (json) {
            System.out.println(Json.of(Map.of("ready", ready)));
        } else {
            System.out.println(ready ? "ready: offramp provision --config " + config : "not ready: fix the FAIL lines above");
        }
        return ready ? ExitCodes.DONE : ExitCodes.USAGE;
    }
}
