package offramp.cli;

import offramp.server.Passwords;

import offramp.accounts.AccountSelection;
import offramp.copy.Copier;
import offramp.copy.CopyOptions;
import offramp.copy.CopyResult;
import offramp.copy.DefinerPolicy;
import offramp.text.Units;
import offramp.usage.BadUsage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "copy", mixinStandardHelpOptions = true, description = {
    "Copy schemas and data from a still server (a snapshot clone) to a target; resumable.",
    "Parallel key-range chunks are loaded with LOAD DATA LOCAL INFILE from memory. Secondary indexes are built after the data, triggers and",
    "events are created after it (events disabled on the replica). Rerun with the same --work-dir to resume.",
    "Passwords: --from-password-file / --to-password-file, else OFFRAMP_SOURCE_PASSWORD (or OFFRAMP_FROM_PASSWORD) /",
    "OFFRAMP_TARGET_PASSWORD (or OFFRAMP_TO_PASSWORD), else --ask-pass, " + "the password of the MySQL option files ([client]: /etc/my.cnf, /etc/mysql/my.cnf, $HOME/.my.cnf, --defaults-extra-file; or only --defaults-file).",
    "Where each server's password came from is printed on stderr (never the password).",
    "The target needs local_infile=ON."})
final class CopyCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--from", required = true, paramLabel = "USER@HOST:PORT", description = "the server to copy from (a clone)")
    String from;

    @Option(names = "--to", required = true, paramLabel = "USER@HOST:PORT", description = "the target server")
    String to;

    @Option(names = "--schemas", split = ",", paramLabel = "SCHEMA", description = "schemas to copy (default: all but the server's own)")
    List<String> schemas = List.of();

    @Option(names = "--exclude-tables", split = ",", paramLabel = "PATTERN",
        description = "schema.table patterns to leave out; * and ? are wildcards")
    List<String> exclude = List.of();

    @Option(names = "--users", split = ",", paramLabel = "PATTERN",
        description = "accounts to carry, user@host or user (any host); * and ? are wildcards (default: every account "
            + "but the server's own, the platform's and the ones offramp connects with)")
    List<String> users = List.of();

    @Option(names = "--exclude-users", split = ",", paramLabel = "PATTERN",
        description = "accounts not to carry, user@host or user; * and ? are wildcards ('*' carries none)")
    List<String> excludeUsers = List.of();

    @Option(names = "--threads", paramLabel = "N", converter = PositiveNumber.Int.class, description = "parallel workers (default: the number of cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--index-threads", paramLabel = "N", converter = PositiveNumber.Int.class, defaultValue = "2", description = "index builds at once (default: ${DEFAULT-VALUE})")
    int indexThreads;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "offramp-work", description = "journal directory (default: ${DEFAULT-VALUE})")
    Path workDir;

    @Option(names = "--definer", paramLabel = "keep|strip|replace=USER@HOST", defaultValue = "keep",
        description = "DEFINER of views, routines, triggers, events (default: ${DEFAULT-VALUE})")
    String definer;

    @Option(names = "--chunk-mb", paramLabel = "MB", converter = PositiveNumber.Long.class, defaultValue = "32", description = "chunk size to aim at (default: ${DEFAULT-VALUE})")
    long chunkMb;

    @Option(names = "--chunk-rows", paramLabel = "N", converter = PositiveNumber.Long.class, description = "rows per chunk, instead of deriving it from --chunk-mb")
    long chunkRows;

    @Option(names = "--stall-seconds", paramLabel = "S", defaultValue = "300",
        description = "stop when nothing has moved for this long, saying what the target is doing; a rerun resumes (default: ${DEFAULT-VALUE})")
    long stallSeconds;

    @Option(names = "--log-bin-copy", description = "write the copy into the target's binlog too (by default it is kept "
        + "out: sql_log_bin = 0, so the replica has no transactions of its own)")
    boolean logBinCopy;

    @Option(names = "--fast-load", description = "relax the target's durability while the copy runs (innodb_flush_log_at_trx_commit = 2, "
        + "sync_binlog = 0; on MySQL 8.0.21+ the redo log off), journalled and put back at the end, on failure, and by a "
        + "rerun after a kill. A crash of the target during the copy then means starting the copy over")
    boolean fastLoad;

    @Option(names = "--from-password-file", paramLabel = "PATH")
    Path fromPasswordFile;

    @Option(names = "--to-password-file", paramLabel = "PATH")
    Path toPasswordFile;



    @Override
    public Integer call() throws Exception {
        CopyOptions options = BadUsage.parsing(() -> new CopyOptions(schemas, exclude, threads, workDir,
            DefinerPolicy.parse(definer), chunkMb << 20, indexThreads, chunkRows, stallSeconds, logBinCopy, fastLoad,
            new AccountSelection(users, excludeUsers)));
        Copier copier = new Copier(common.endpoint("from", from, fromPasswordFile),
            common.endpoint("to", to, toPasswordFile), options, common.json ? System.err : System.out);
        CopyResult result = copier.run();
        if (common.json) {
            System.out.println(Json.of(result));
        } else {
            result.tables().forEach((table, rows) -> System.out.printf("  %-40s %,d rows%n", table, rows));
            System.out.printf("copied %,d rows (%s) in %.1f s%s%n", result.rows(), Units.mib(result.bytes()),
                result.seconds(), result.resumed() ? ", resuming an earlier run" : "");
        }
        return ExitCodes.DONE;
    }
}
