package offramp.cli;

import offramp.pipeline.ConfigLoader;
import offramp.pipeline.Provision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "provision", mixinStandardHelpOptions = true,
    footer = {OptionFileOptions.PASSWORDS_CONFIG, OptionFileOptions.PASSWORDS_OPTION_FILES, OptionFileOptions.PASSWORDS_SAID},
    description = {
    "The whole pipeline, resumable: a caught-up, verified replica from a snapshot of the source.",
    "Steps: preflight, snapshot, coordinates, copy, verify, replicate (until caught up), cleanup, report. Every finished step is recorded in the work directory's journal; after any interruption, rerun the",
    "same command to resume. Exit codes: 0 done, 1 failed, 2 refused by preflight or bad configuration,",
    "3 coordinates not proven, 4 the copy differs from the clone."})
final class ProvisionCommand implements Callable<Integer> {

    @Mixin
    OptionFileOptions optionFiles;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "offramp.yaml")
    Path config;

    @Option(names = "--json", description = "print the report (as in report.json) on stdout; progress goes to stderr")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (Provision provision = new Provision(ConfigLoader.load(config), config, json ? System.err : System.out)) {
            var report = provision.run();
            if (json) {
                System.out.println(Json.of(report));
            }
        }
        return ExitCodes.DONE;
    }
}
