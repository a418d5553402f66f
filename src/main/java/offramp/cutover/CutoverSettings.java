package offramp.cutover;

import offramp.pipeline.Config;
import offramp.server.Account;
import offramp.server.ChannelTls;
import offramp.server.Secret;
import offramp.usage.BadUsage;

import java.time.Duration;
import java.util.List;

/**
 * The cutover's settings: offramp.yaml's {@code cutover:} section with the command line's overrides, and the
 * replication user both directions use.
 *
 * @param reverse    arm the way back (replication from the new primary to the old one); false with --no-reverse
 * @param fenceProof {@code binlog}: the binlog shows no write but known heartbeats for fence-proof-seconds;
 *                   {@code sessions}: no session is left but offramp's and the binlog shows no write but heartbeats
 */
public record CutoverSettings(List<Account> accounts, Duration budget, String switchCommand, Duration switchTimeout,
                              String verify, long maxLagBytes, int lagSamples, int fenceProofSeconds, int fallbackHours,
                              int longTransactionSeconds, boolean reverse, String replicationUser,
                              Secret replicationPassword, ChannelTls replicationTls, int connectRetry,
                              double heartbeat, List<String> schemas, List<String> excludeTables, int threads,
                              String fenceProof) {

    public static final int DEFAULT_BUDGET_SECONDS = 300;

    /** Overrides from the command line; null keeps the configuration's value. */
    public record Overrides(Integer budgetSeconds, String verify, String switchCommand, boolean noReverse) {
    }

    public static CutoverSettings of(Config config, Secret replicationPassword, ChannelTls tls, Overrides o) {
        Config.Cutover c = config.cutover() == null
            ? new Config.Cutover(null, null, null, null, null, null, null, null, null, null, null) : config.cutover();
        Config.Replication r = config.replication();
        Config.Copy copy = config.copy();
        String verify = o.verify() != null ? o.verify() : c.verify() != null ? c.verify() : "full";
        if (!List.of("full", "sample", "none").contains(verify)) {
            throw new BadUsage("--verify / cutover.verify: '" + verify + "' is not one of [full, sample, none]");
        }
        int budget = o.budgetSeconds() != null ? o.budgetSeconds() : c.budgetSeconds() != null ? c.budgetSeconds() : DEFAULT_BUDGET_SECONDS;
        if (budget < 1) {
            throw new BadUsage("--budget must be at least 1 second, got " + budget);
        }
        return new CutoverSettings(
            c.applicationAccounts() == null ? List.of() : c.applicationAccounts().stream().map(Account::parse).toList(),
            Duration.ofSeconds(budget),
            o.switchCommand() != null ? o.switchCommand() : c.switchCommand(),
            Duration.ofSeconds(c.switchTimeoutSeconds() == null ? 60 : c.switchTimeoutSeconds()),
            verify,
            c.maxLagBytes() == null ? 16L << 20 : c.maxLagBytes(),
            3,
            c.fenceProofSeconds() == null ? 3 : c.fenceProofSeconds(),
            c.fallbackHours() == null ? 24 : c.fallbackHours(),
            c.longTransactionSeconds() == null ? 30 : c.longTransactionSeconds(),
            !o.noReverse(),
            r.user(), replicationPassword, tls,
            r.connectRetry() == null ? 10 : r.connectRetry(), r.heartbeat() == null ? 0 : r.heartbeat(),
            copy == null || copy.schemas() == null ? List.of() : copy.schemas(),
            copy == null || copy.excludeTables() == null ? List.of() : copy.excludeTables(),
            copy == null || copy.threads() == null ? 4 : copy.threads(),
            c.fenceProof() == null ? "binlog" : c.fenceProof());
    }
}
