package offramp.binlog;

import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.server.Tls;
import offramp.server.TlsMode;
import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.network.SSLMode;
import com.github.shyiko.mysql.binlog.network.ServerException;

import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads a binlog file from a server over the replication protocol (COM_BINLOG_DUMP), the way a replica would,
 * without registering as one: the dump is non-blocking, so the server ends it at the last event it has.
 */
public final class ServerBinlogReader implements BinlogReader {

    /** MySQL and MariaDB: "Could not find first log file name", "bogus data", "event truncated" and kin. */
    public static final int ER_MASTER_FATAL_ERROR_READING_BINLOG = 1236;

    private final Endpoint endpoint;

    /** Seconds a read of a binlog waits for the server's next packet: it sends a file without pause. */
    static final long READ_SECONDS = 60;

    public ServerBinlogReader(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public ReadResult read(String file, long from, EventSink sink) throws IOException {
        EventDecoder decoder = new EventDecoder();
        BinaryLogClient client = client(endpoint, file, from);
        client.setEventDeserializer(decoder.deserializer());

        Progress progress = new Progress(file, from);
        client.registerEventListener(event -> {
            if (progress.done) {
                return;
            }
            if (!progress.accept(decoder, event, sink)) {
                disconnect(client);
            }
        });
        AtomicReference<Exception> failure = failures(client);
        try {
            client.connect();
        } catch (ServerException e) {
            throw refused(file, from, e);
        } catch (IOException e) {
            throw new BinlogReadException("cannot read binlog from the " + endpoint + ": " + e.getMessage(), 0, e);
        }
        Exception error = failure.get();
        if (progress.refused != null) {
            throw progress.refused;
        }
        if (progress.ending != null) {
            return new ReadResult(file, progress.lastEnd, progress.ending, null);
        }
        if (error instanceof ServerException se) {
            if (se.getErrorCode() == ER_MASTER_FATAL_ERROR_READING_BINLOG && progress.lastEnd > from
                && isTruncation(se.getMessage())) {
                return new ReadResult(file, progress.lastEnd, ReadResult.Ending.TORN,
                    "the server stopped inside an event after " + progress.lastEnd + ": " + se.getMessage());
            }
            throw refused(file, from, se);
        }
        if (error != null) {
            throw new BinlogReadException("reading " + file + " from the " + endpoint + " failed after position "
                + progress.lastEnd + ": " + error.getMessage(), 0, error);
        }
        return new ReadResult(file, progress.lastEnd, ReadResult.Ending.END_OF_FILE, null);
    }

    /**
     * A non-blocking dump of a server's binlog from a position, without registering as a replica: the server ends
     * it at the last event it has. Nothing waits forever: a server that accepts and then never speaks (stopped,
     * hung) ends the read.
     */
    static BinaryLogClient client(Endpoint endpoint, String file, long from) throws IOException {
        BinaryLogClient client = new BinaryLogClient(endpoint.uri().host(), endpoint.uri().port(),
            endpoint.uri().user(), endpoint.password().reveal());
        client.setBlocking(false);
        client.setKeepAlive(false);
        client.setConnectTimeout(Connections.CONNECT_SECONDS * 1000);
        client.setSocketFactory(() -> {
            Socket socket = new Socket();
            socket.setSoTimeout((int) (READ_SECONDS * 1000));
            return socket;
        });
        client.setUseSendAnnotateRowsEvent(true); // MariaDB leaves them out otherwise, and positions would skip
        client.setBinlogFilename(file);
        client.setBinlogPosition(from);
        tls(client, endpoint.tls(), endpoint.uri().host());
        return client;
    }

    /** The first failure of a client's read: a broken connection, or an event it could not decode (which ends the read). */
    static AtomicReference<Exception> failures(BinaryLogClient client) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception ex) {
                failure.compareAndSet(null, ex);
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient c, Exception ex) {
                failure.compareAndSet(null, ex);
                disconnect(c);
            }
        });
        return failure;
    }

    /**
     * The same TLS as offramp's JDBC connections. The host name is checked by the JDK against the name offramp
     * was given (an IP address included), not against a reverse lookup of the socket's address as the library
     * would.
     */
    private static void tls(BinaryLogClient client, Tls tls, String host) throws IOException {
        client.setSSLMode(switch (tls.mode()) {
            case DISABLED -> SSLMode.DISABLED;
            case REQUIRED -> SSLMode.REQUIRED;
            case VERIFY_CA, VERIFY_IDENTITY -> SSLMode.VERIFY_CA;
        });
        if (!tls.verifies()) {
            return;
        }
        SSLContext context;
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(tls.trustStore());
            context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the CA certificate " + tls.ca() + ": " + e.getMessage(), e);
        }
        boolean identity = tls.mode() == TlsMode.VERIFY_IDENTITY;
        client.setSslSocketFactory(socket -> {
            try {
                SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
                if (identity) {
                    SSLParameters parameters = ssl.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(parameters);
                }
                return ssl;
            } catch (IOException e) {
                throw new SocketException(e.getMessage());
            }
        });
    }

    private static boolean isTruncation(String message) {
        String m = message == null ? "" : message.toLowerCase();
        return m.contains("truncated") || m.contains("bogus data") || m.contains("corrupted")
            || m.contains("read_log_event") || m.contains("event too small");
    }

    BinlogReadException refused(String file, long from, ServerException e) {
        String hint = e.getErrorCode() == 1227 || e.getErrorCode() == 1045 || e.getErrorCode() == 1044
            ? " (the user needs REPLICATION SLAVE: GRANT REPLICATION SLAVE ON *.* TO " + endpoint.uri().user() + "@...)"
            : "";
        return new BinlogReadException("the " + endpoint + " refused to send " + file + " from position " + from
            + ": error " + e.getErrorCode() + ": " + e.getMessage() + hint, e.getErrorCode(), e);
    }

    static void disconnect(BinaryLogClient client) {
        try {
            client.disconnect();
        } catch (IOException ignored) {
            // the read is over either way
        }
    }

    /** Where the read stands: the file ends at the first ROTATE that names another file. */
    private static final class Progress {
        private final String file;
        private long lastEnd;
        private boolean done;
        private ReadResult.Ending ending;
        /** An event offramp cannot read past (an unknown type without the ignorable flag). */
        private BinlogReadException refused;

        Progress(String file, long from) {
            this.file = file;
            this.lastEnd = from;
        }

        boolean accept(EventDecoder decoder, Event event, EventSink sink) {
            String next = EventDecoder.rotatesTo(event);
            if (EventDecoder.isArtificial(event)) {
                // A crashed file ends without a ROTATE or STOP of its own: the server just goes on with the next
                // file, announcing it with a made-up ROTATE.
                if (next != null && !next.equals(file)) {
                    finish(ReadResult.Ending.END_OF_FILE);
                    return false;
                }
                return true;
            }
            BinlogEvent decoded;
            try {
                decoded = decoder.decode(file, event);
            } catch (BinlogReadException e) {
                refused = e;
                done = true;
                return false;
            }
            lastEnd = decoded.end();
            if (!sink.accept(decoded)) {
                finish(ReadResult.Ending.STOPPED);
                return false;
            }
            if (next != null && !next.equals(file)) {
                finish(ReadResult.Ending.END_OF_FILE);
                return false;
            }
            if (decoded.type() == EventKind.STOP) {
                finish(ReadResult.Ending.END_OF_FILE);
                return false;
            }
            return true;
        }

        private void finish(ReadResult.Ending how) {
            done = true;
            ending = how;
        }
    }
}
