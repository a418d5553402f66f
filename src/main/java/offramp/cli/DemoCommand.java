package offramp.cli;

import offramp.demo.Demo;
import offramp.sandbox.Sandbox;
import offramp.sandbox.ServerPackages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true, description = {
    "Everything on local servers, start to finish, in about 15 seconds.",
    "A source under write load, a crash-consistent snapshot and a clone on it,",
    "coordinates found and proven, a replica loaded from the clone and replicating from the source at them,",
    "the load stopped and the replica compared with the source table by table. Installs the MariaDB packages",
    "with apt-get when run as root and they are missing."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--keep", description = "leave the servers and their files in place")
    boolean keep;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "where the servers' files go (default: a new temporary directory)")
    Path workDir;

    @Option(names = "--seconds", defaultValue = "5", paramLabel = "N",
        description = "how long the replica replicates under load before the load stops (default: ${DEFAULT-VALUE})")
    int seconds;

    @Override
    public Integer call() throws Exception {
        ServerPackages.ensureInstalled(System.out);
        Path dir = workDir != null ? workDir : Files.createTempDirectory("offramp-demo");
        // The provision run's report outlives the servers: its work directory is outside what --keep would keep.
        Path runDir = keep ? dir.resolve("work") : Files.createTempDirectory("offramp-demo-report");
        Sandbox sandbox = new Sandbox(dir, !keep);
        try {
            Demo.Outcome outcome = new Demo(sandbox, runDir, System.out).run(seconds);
            if (!outcome.identical()) {
                System.out.println("the replica DIFFERS from the source");
                return ExitCodes.DATA_DIFFERS;
            }
            System.out.println("the replica is identical to the source: replication started at "
                + outcome.coordinates() + ", " + outcome.transactions() + " transactions written during the demo");
            return ExitCodes.DONE;
        } finally {
            if (keep) {
                System.out.println("servers left running; their files are in " + dir);
            } else {
                sandbox.close();
                Path report = runDir.resolve("report.html");
                System.out.println("servers stopped and their files removed; kept: " + (Files.exists(report)
                    ? report + " and report.json beside it" : "the provision run's journal in " + runDir));
            }
        }
    }
}
