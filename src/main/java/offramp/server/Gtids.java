package offramp.server;

import com.github.shyiko.mysql.binlog.GtidSet;
import com.github.shyiko.mysql.binlog.MariadbGtidSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A GTID set as a server writes it: MySQL's {@code uuid:1-5:7-9,uuid2:1-3} (8.4 also {@code uuid:tag:1-5}), or
 * MariaDB's {@code domain-server_id-seqno} list. Parsed by the binlog library's {@link GtidSet} and
 * {@link MariadbGtidSet.MariaGtid}; whitespace (servers break long sets over lines) is ignored.
 */
public sealed interface Gtids permits Gtids.Mysql, Gtids.Mariadb {

    /** A set of either form, told apart by its text; an empty text is an empty MySQL set. */
    static Gtids parse(String text) {
        String t = compact(text);
        return !t.isEmpty() && MariadbGtidSet.isMariaGtidSet(t) ? mariadb(t) : mysql(t);
    }

    /** MySQL's form. */
    static Gtids mysql(String text) {
        List<Source> sources = new ArrayList<>();
        for (String entry : entries(text)) {
            sources.add(Source.parse(entry));
        }
        return new Mysql(List.copyOf(sources));
    }

    /** MariaDB's form. */
    static Gtids mariadb(String text) {
        Set<String> gtids = new LinkedHashSet<>();
        for (String entry : entries(text)) {
            if (!MariadbGtidSet.isMariaGtidSet(entry)) {
                throw new IllegalArgumentException("not a MariaDB GTID (domain-server_id-sequence): " + entry);
            }
            gtids.add(MariadbGtidSet.MariaGtid.parse(entry).toString());
        }
        return new Mariadb(Collections.unmodifiableSet(gtids));
    }

    /** Whether two MariaDB GTID positions hold the same GTIDs, in whatever order; compared as text where either is not one. */
    static boolean sameMariadb(String a, String b) {
        try {
            return mariadb(a).equals(mariadb(b));
        } catch (IllegalArgumentException notGtids) {
            return compact(a).equals(compact(b));
        }
    }

    boolean isEmpty();

    /**
     * How many transactions the set stands for: MySQL's interval sizes summed; MariaDB's sequence numbers summed,
     * as each domain's count grows by one per transaction.
     */
    long transactionCount();

    /**
     * How many transactions this state holds beyond {@code earlier}, an earlier state of the same history: MySQL's
     * counts subtracted; MariaDB's sequence numbers subtracted domain by domain (a domain {@code earlier} lacks
     * counts from its start), so that a domain that only one of them names does not skew the count.
     */
    long transactionsSince(Gtids earlier);

    /** The entries written by the server with {@code serverId} and {@code serverUuid} (null where it has none). */
    List<String> writtenBy(long serverId, String serverUuid);

    private static String compact(String text) {
        return text == null ? "" : text.replaceAll("\\s", "");
    }

    private static List<String> entries(String text) {
        return Arrays.stream(compact(text).split(",")).filter(e -> !e.isEmpty()).toList();
    }

    /** MySQL: the transactions of each source server, by server_uuid (and tag). */
    record Mysql(List<Source> sources) implements Gtids {
        @Override
        public boolean isEmpty() {
            return sources.isEmpty();
        }

        @Override
        public long transactionCount() {
            return sources.stream().mapToLong(Source::transactionCount).sum();
        }

        @Override
        public long transactionsSince(Gtids earlier) {
            return Math.max(0, transactionCount() - earlier.transactionCount());
        }

        @Override
        public List<String> writtenBy(long serverId, String serverUuid) {
            return serverUuid == null ? List.of()
                : sources.stream().filter(s -> s.uuid().equalsIgnoreCase(serverUuid)).map(Source::text).toList();
        }
    }

    /**
     * One server_uuid's entry: its untagged intervals and, on MySQL 8.4, those under each tag. The library parses
     * one {@code uuid:intervals} group at a time, so the entry is cut where a tag starts a new group.
     *
     * @param text   the entry as the server wrote it
     * @param uuid   the server_uuid
     * @param groups one parsed group per tag (the untagged one first)
     */
    record Source(String text, String uuid, List<GtidSet> groups) {
        static Source parse(String entry) {
            String[] parts = entry.split(":");
            List<GtidSet> groups = new ArrayList<>();
            StringBuilder group = new StringBuilder(parts[0]);
            for (int i = 1; i < parts.length; i++) {
                if (!parts[i].isEmpty() && !Character.isDigit(parts[i].charAt(0))) { // a tag: a new group starts
                    addGroup(groups, group, parts[0]);
                    group = new StringBuilder(parts[0]);
                    continue;
                }
                group.append(':').append(parts[i]);
            }
            addGroup(groups, group, parts[0]);
            return new Source(entry, parts[0], List.copyOf(groups));
        }

        private static void addGroup(List<GtidSet> groups, StringBuilder group, String uuid) {
            if (group.length() > uuid.length()) {
                groups.add(new GtidSet(group.toString()));
            }
        }

        long transactionCount() {
            return groups.stream().flatMap(g -> g.getUUIDSets().stream()).flatMap(u -> u.getIntervals().stream())
                .mapToLong(i -> i.getEnd() - i.getStart() + 1).sum();
        }
    }

    /** MariaDB: {@code domain-server_id-seqno} entries in canonical form, in the server's order; equal as sets. */
    record Mariadb(Set<String> gtids) implements Gtids {
        @Override
        public boolean isEmpty() {
            return gtids.isEmpty();
        }

        @Override
        public long transactionCount() {
            return gtids.stream().mapToLong(g -> MariadbGtidSet.MariaGtid.parse(g).getSequence()).sum();
        }

        @Override
        public long transactionsSince(Gtids earlier) {
            Map<Long, Long> before = earlier instanceof Mariadb m ? m.lastPerDomain() : Map.of();
            return lastPerDomain().entrySet().stream()
                .mapToLong(d -> Math.max(0, d.getValue() - before.getOrDefault(d.getKey(), 0L))).sum();
        }

        /** The highest sequence number of each domain (a binlog state lists one per server id). */
        private Map<Long, Long> lastPerDomain() {
            Map<Long, Long> last = new HashMap<>();
            for (String g : gtids) {
                MariadbGtidSet.MariaGtid gtid = MariadbGtidSet.MariaGtid.parse(g);
                last.merge(gtid.getDomainId(), gtid.getSequence(), Math::max);
            }
            return last;
        }

        @Override
        public List<String> writtenBy(long serverId, String serverUuid) {
            return gtids.stream().filter(g -> MariadbGtidSet.MariaGtid.parse(g).getServerId() == serverId).toList();
        }
    }
}
