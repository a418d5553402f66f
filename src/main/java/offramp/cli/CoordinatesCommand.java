package offramp.cli;

import offramp.server.Passwords;

import offramp.coordinates.CloneCoordinates;
import offramp.coordinates.CoordinatesFinder;
import offramp.coordinates.SourceProof;
import offramp.coordinates.SourceProver;
import offramp.server.Endpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "coordinates", mixinStandardHelpOptions = true, description = {
    "Find the binlog coordinates that match a snapshot clone's data; prove them with --source.",
    "Prints FILE:POSITION on the first line, then the evidence: how they were found and what was compared on the",
    "live source.",
    "Passwords: the --*-password-file options, else OFFRAMP_CLONE_PASSWORD (else the source's) / OFFRAMP_SOURCE_PASSWORD,",
    "else --ask-pass, " + "the password of the MySQL option files ([client]: /etc/my.cnf, /etc/mysql/my.cnf, $HOME/.my.cnf, --defaults-extra-file; or only --defaults-file).",
    "Where each server's password came from is printed on stderr (never the password).",
    "Exit codes: 0 found (and proven), 1 failed, 2 bad usage, 3 not proven."})
final class CoordinatesCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--clone", required = true, paramLabel = "USER@HOST:PORT",
        description = "the clone restored from a snapshot of the source")
    String clone;

    @Option(names = "--source", paramLabel = "USER@HOST:PORT", description = "the live source, to prove the coordinates")
    String source;

    @Option(names = "--history-file", paramLabel = "NAME",
        description = "the last binlog file that came with the snapshot, when it cannot be told from the clone's own")
    String historyFile;

    @Option(names = "--clone-password-file", paramLabel = "PATH")
    Path clonePasswordFile;

    @Option(names = "--source-password-file", paramLabel = "PATH")
    Path sourcePasswordFile;



    @Override
    public Integer call() throws Exception {
        Endpoint cloneEndpoint = common.endpoint("clone", clone, clonePasswordFile);
        Endpoint sourceEndpoint = source == null ? null
            : common.endpoint("source", source, sourcePasswordFile);
        CloneCoordinates found = new CoordinatesFinder(cloneEndpoint).find(Optional.ofNullable(historyFile));
        SourceProof proof = sourceEndpoint == null ? null : new SourceProver(sourceEndpoint).prove(found);
        System.out.println(common.json ? Json.of(report(found, proof)) : text(found, proof));
        return ExitCodes.DONE;
    }

    static Map<String, Object> report(CloneCoordinates found, SourceProof proof) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", found.coordinates().file());
        m.put("position", found.coordinates().position());
        m.put("proven", proof != null);
        m.put("clone", found);
        m.put("proof", proof);
        return m;
    }

    static String text(CloneCoordinates found, SourceProof proof) {
        StringBuilder s = new StringBuilder(found.coordinates().toString()).append('\n');
        for (String line : found.evidence()) {
            s.append("  found   ").append(line).append('\n');
        }
        if (proof == null) {
            s.append("  not proven: give --source to compare with the live source\n");
        } else {
            for (String line : proof.checks()) {
                s.append("  proven  ").append(line).append('\n');
            }
        }
        return s.toString().stripTrailing();
    }
}
