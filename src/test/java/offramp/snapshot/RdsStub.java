package offramp.snapshot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local stand-in for the RDS Query API: form-encoded POSTs answered with XML shaped as RDS answers, for the
 * real AWS SDK to talk to. It keeps clusters, snapshots and instances, makes each new one pass through a
 * "creating" state (so waiters poll), records every call, and fails calls on demand.
 */
final class RdsStub implements AutoCloseable {

    private static final String NS = "http://rds.amazonaws.com/doc/2014-10-31/";

    record Cluster(String id, String endpoint, int port, String parameterGroup) {
    }

    private final HttpServer server;
    private final List<Map<String, String>> calls = new ArrayList<>();
    private final Map<String, Cluster> clusters = new LinkedHashMap<>();
    private final Map<String, Integer> snapshotPolls = new HashMap<>();
    private final Map<String, Integer> instancePolls = new HashMap<>();
    private final Map<String, Integer> clusterPolls = new HashMap<>();
    private final Map<String, Deque<String[]>> failures = new HashMap<>();
    private final Map<String, String> parameters = new HashMap<>(Map.of("binlog_format", "MIXED", "aurora_enhanced_binlog", "0"));
    private final List<String> events = new ArrayList<>();
    private String cloneEndpoint = "clone.cluster-xyz.us-east-1.rds.amazonaws.com";
    private int clonePort = 3306;

    RdsStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        clusters.put("prod", new Cluster("prod", "prod.cluster-abc.us-east-1.rds.amazonaws.com", 3306, "prod-params"));
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Where restored clusters say their endpoint is: a local server standing in for the clone. */
    synchronized void cloneAt(String host, int port) {
        cloneEndpoint = host;
        clonePort = port;
    }

    synchronized void parameter(String name, String value) {
        parameters.put(name, value);
    }

    synchronized void event(String message) {
        events.add(message);
    }

    /** The next call of {@code action} fails with this HTTP status and error code. */
    synchronized void fail(String action, int status, String code) {
        failures.computeIfAbsent(action, a -> new ArrayDeque<>()).add(new String[] {Integer.toString(status), code});
    }

    synchronized List<Map<String, String>> calls() {
        return List.copyOf(calls);
    }

    synchronized List<String> actions() {
        return calls.stream().map(c -> c.get("Action")).toList();
    }

    synchronized long count(String action) {
        return calls.stream().filter(c -> action.equals(c.get("Action"))).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        int status = 200;
        String xml;
        synchronized (this) {
            calls.add(params);
            String action = params.get("Action");
            Deque<String[]> failing = failures.get(action);
            if (failing != null && !failing.isEmpty()) {
                String[] f = failing.poll();
                status = Integer.parseInt(f[0]);
                xml = error(f[1], action + " failed on purpose");
            } else {
                String[] answer = answer(action, params);
                status = Integer.parseInt(answer[0]);
                xml = answer[1];
            }
        }
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String[] answer(String action, Map<String, String> p) {
        return switch (action) {
            case "DescribeDBClusters" -> {
                Cluster c = clusters.get(p.get("DBClusterIdentifier"));
                if (c == null) {
                    yield notFound("DBClusterNotFoundFault");
                }
                int polls = clusterPolls.merge(c.id(), 1, Integer::sum);
                yield ok(action, "<DBClusters>" + cluster(c, polls <= 1 && !c.id().equals("prod") ? "creating" : "available")
                    + "</DBClusters>");
            }
            case "DescribeDBClusterParameters" -> {
                StringBuilder s = new StringBuilder("<Parameters>");
                parameters.forEach((k, v) -> s.append("<Parameter><ParameterName>").append(k).append("</ParameterName><ParameterValue>")
                    .append(v).append("</ParameterValue></Parameter>"));
                yield ok(action, s.append("</Parameters>").toString());
            }
            case "CreateDBClusterSnapshot" -> {
                snapshotPolls.put(p.get("DBClusterSnapshotIdentifier"), 0);
                yield ok(action, snapshot(p.get("DBClusterSnapshotIdentifier"), "creating"));
            }
            case "DescribeDBClusterSnapshots" -> {
                String id = p.get("DBClusterSnapshotIdentifier");
                if (!snapshotPolls.containsKey(id)) {
                    yield notFound("DBClusterSnapshotNotFoundFault");
                }
                int polls = snapshotPolls.merge(id, 1, Integer::sum);
                yield ok(action, "<DBClusterSnapshots>" + snapshot(id, polls < 2 ? "creating" : "available") + "</DBClusterSnapshots>");
            }
            case "RestoreDBClusterFromSnapshot" -> {
                Cluster c = new Cluster(p.get("DBClusterIdentifier"), cloneEndpoint, clonePort, p.get("DBClusterParameterGroupName"));
                clusters.put(c.id(), c);
                yield ok(action, cluster(c, "creating"));
            }
            case "CreateDBInstance" -> {
                instancePolls.put(p.get("DBInstanceIdentifier"), 0);
                yield ok(action, instance(p.get("DBInstanceIdentifier"), "creating"));
            }
            case "DescribeDBInstances" -> {
                String id = p.get("DBInstanceIdentifier");
                if (!instancePolls.containsKey(id)) {
                    yield notFound("DBInstanceNotFound");
                }
                int polls = instancePolls.merge(id, 1, Integer::sum);
                yield ok(action, "<DBInstances>" + instance(id, polls < 2 ? "creating" : "available") + "</DBInstances>");
            }
            case "RebootDBInstance" -> ok(action, instance(p.get("DBInstanceIdentifier"), "rebooting"));
            case "DescribeEvents" -> {
                StringBuilder s = new StringBuilder("<Events>");
                for (String m : events) {
                    s.append("<Event><SourceIdentifier>").append(p.get("SourceIdentifier"))
                        .append("</SourceIdentifier><SourceType>db-instance</SourceType><Message>").append(m)
                        .append("</Message><Date>2026-11-24T15:00:00.000Z</Date></Event>");
                }
                yield ok(action, s.append("</Events>").toString());
            }
            case "DeleteDBInstance" -> instancePolls.remove(p.get("DBInstanceIdentifier")) == null ? notFound("DBInstanceNotFound")
                : ok(action, instance(p.get("DBInstanceIdentifier"), "deleting"));
            case "DeleteDBCluster" -> {
                Cluster c = clusters.remove(p.get("DBClusterIdentifier"));
                yield c == null ? notFound("DBClusterNotFoundFault") : ok(action, cluster(c, "deleting"));
            }
            case "DeleteDBClusterSnapshot" -> snapshotPolls.remove(p.get("DBClusterSnapshotIdentifier")) == null
                ? notFound("DBClusterSnapshotNotFoundFault") : ok(action, snapshot(p.get("DBClusterSnapshotIdentifier"), "deleted"));
            default -> new String[] {"400", error("InvalidAction", "the stub does not know " + action)};
        };
    }

    private static String cluster(Cluster c, String status) {
        return "<DBCluster><DBClusterIdentifier>" + c.id() + "</DBClusterIdentifier><Engine>aurora-mysql</Engine>"
            + "<EngineVersion>8.0.mysql_aurora.3.05.2</EngineVersion><Status>" + status + "</Status>"
            + "<DBClusterParameterGroup>" + c.parameterGroup() + "</DBClusterParameterGroup><DBSubnetGroup>prod-subnets</DBSubnetGroup>"
            + "<VpcSecurityGroups><VpcSecurityGroupMembership><VpcSecurityGroupId>sg-0abc</VpcSecurityGroupId><Status>active</Status>"
            + "</VpcSecurityGroupMembership></VpcSecurityGroups><Endpoint>" + c.endpoint() + "</Endpoint><Port>" + c.port() + "</Port>"
            + "<DBClusterMembers><DBClusterMember><DBInstanceIdentifier>" + c.id() + "-writer</DBInstanceIdentifier>"
            + "<IsClusterWriter>true</IsClusterWriter><DBClusterParameterGroupStatus>in-sync</DBClusterParameterGroupStatus>"
            + "</DBClusterMember></DBClusterMembers></DBCluster>";
    }

    private static String snapshot(String id, String status) {
        return "<DBClusterSnapshot><DBClusterSnapshotIdentifier>" + id + "</DBClusterSnapshotIdentifier><Status>" + status
            + "</Status></DBClusterSnapshot>";
    }

    private static String instance(String id, String status) {
        return "<DBInstance><DBInstanceIdentifier>" + id + "</DBInstanceIdentifier><DBInstanceStatus>" + status
            + "</DBInstanceStatus></DBInstance>";
    }

    private static String[] ok(String action, String result) {
        return new String[] {"200", "<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result>" + result + "</"
            + action + "Result><ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></" + action + "Response>"};
    }

    private static String[] notFound(String code) {
        return new String[] {"404", error(code, "not found")};
    }

    private static String error(String code, String message) {
        return "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message
            + "</Message></Error><RequestId>stub</RequestId></ErrorResponse>";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
