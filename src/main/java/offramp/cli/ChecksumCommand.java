package offramp.cli;

import offramp.accounts.AccountSelection;
import offramp.server.Endpoint;
import offramp.server.Passwords;
import offramp.verify.AccountComparison;
import offramp.verify.ChecksumReport;
import offramp.verify.Checksummer;
import offramp.verify.Movement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "checksum", mixinStandardHelpOptions = true, description = {
    "Compare two still servers table by table and chunk by chunk; exit 4 when they differ.",
    "Compares a clone and its copy, or two stopped replicas: table contents chunk by chunk in parallel (per key range",
    "the row count and the exact sum of a 64-bit hash per row, the first 64 bits of its SHA-1, so rows that occur",
    "twice count twice), and the schema objects (tables with their columns, indexes and AUTO_INCREMENT counters,",
    "views, routines, triggers, events).",
    "Lists each differing chunk, and each differing part of a definition by name (a column, an index, a trigger's body).",
    "Where each server stands (its binlog position; on a replica, the source position it applied) is read before and",
    "after: when one moved meanwhile, differences found are reported as \"may be false\" (exit 1, inconclusive), and",
    "identical servers as identical with a note; to compare a live replica with its source, use `offramp verify`.",
    "Accounts: every account of the left (but the server's, the platform's and offramp's own; --users / --exclude-users)",
    "must be on the right with the same authentication, options and grants; accounts only the right has do not count.",
    "Exit codes: 0 identical, 4 data differs, 1 failed or inconclusive (a server moved), 2 bad usage.",
    "Passwords: the --*-password-file options, else OFFRAMP_SOURCE_PASSWORD (or OFFRAMP_LEFT_PASSWORD) /",
    "OFFRAMP_TARGET_PASSWORD (or OFFRAMP_RIGHT_PASSWORD), else --ask-pass, " + "the password of the MySQL option files ([client]: /etc/my.cnf, /etc/mysql/my.cnf, $HOME/.my.cnf, --defaults-extra-file; or only --defaults-file).",
    "Where each server's password came from is printed on stderr (never the password)."})
final class ChecksumCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--left", required = true, paramLabel = "USER@HOST:PORT")
    String left;

    @Option(names = "--right", required = true, paramLabel = "USER@HOST:PORT")
    String right;

    @Option(names = "--schemas", split = ",", paramLabel = "SCHEMA", description = "schemas to compare (default: all but the server's own)")
    List<String> schemas = List.of();

    @Option(names = "--exclude-tables", split = ",", paramLabel = "PATTERN", description = "schema.table patterns to leave out")
    List<String> exclude = List.of();

    @Option(names = "--threads", paramLabel = "N", converter = PositiveNumber.Int.class, description = "parallel comparisons (default: the number of cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--chunk-rows", paramLabel = "N", converter = PositiveNumber.Long.class, defaultValue = "100000", description = "rows per chunk (default: ${DEFAULT-VALUE})")
    long chunkRows;

    @Option(names = "--users", split = ",", paramLabel = "PATTERN",
        description = "accounts of the left to compare, user@host or user; * and ? are wildcards (default: as copy carries them)")
    List<String> users = List.of();

    @Option(names = "--exclude-users", split = ",", paramLabel = "PATTERN", description = "accounts not to compare")
    List<String> excludeUsers = List.of();

    @Option(names = "--no-accounts", description = "compare the data and schemas only, not the accounts and grants")
    boolean noAccounts;

    @Option(names = "--left-password-file", paramLabel = "PATH")
    Path leftPasswordFile;

    @Option(names = "--right-password-file", paramLabel = "PATH")
    Path rightPasswordFile;

    @Override
    public Integer call() throws Exception {
        AccountSelection accounts = noAccounts ? null : new AccountSelection(users, excludeUsers);
        Endpoint leftServer = common.endpoint("left", left, leftPasswordFile);
        Endpoint rightServer = common.endpoint("right", right, rightPasswordFile);
        ChecksumReport report = new Checksummer(leftServer, rightServer, threads, chunkRows)
            .compare(schemas, exclude);
        String accountsCompared = "";
        if (accounts != null) {
            AccountComparison.Result a = AccountComparison.compare(leftServer, rightServer, accounts);
            report = report.plus(a.differences());
            accountsCompared = a.notCompared() == null ? ", " + a.compared() + " accounts" : "";
            if (a.notCompared() != null) {
                System.err.println("checksum: warning: " + a.notCompared());
            }
        }
        print(report, accountsCompared);
        return report.identical() ? ExitCodes.DONE : report.conclusive() ? ExitCodes.DATA_DIFFERS : ExitCodes.FAILED;
    }

    private void print(ChecksumReport report, String accountsCompared) {
        if (common.json) {
            System.out.println(Json.of(report));
        } else {
            String mayBeFalse = report.conclusive() ? "" : " (may be false: " + String.join("; ", report.moved().stream()
                .map(Movement::what).toList()) + ")";
            report.differences().forEach(d -> System.out.println((report.conclusive() ? "DIFFERS " : "MAY DIFFER ") + d
                + mayBeFalse));
            report.moved().forEach(m -> System.out.println("NOTE " + m));
            if (!report.conclusive()) {
                System.out.println("inconclusive: the differences may be false, a server moved while it was compared; "
                    + "checksum compares still servers: compare a live replica with its source with `offramp verify`");
            }
            System.out.printf("%s: %d tables, %d chunks%s compared%s%n", report.identical() ? "identical"
                : report.conclusive() ? "different" : "inconclusive", report.tables().size(), report.chunks(), accountsCompared,
                report.identical() && !report.moved().isEmpty() ? " (while a server moved: see the note)" : "");
        }
    }
}
