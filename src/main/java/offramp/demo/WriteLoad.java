package offramp.demo;

import offramp.server.Connections;
import offramp.server.Endpoint;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A continuous write workload on a source, shaped like an application's: several connections committing
 * multi-statement transactions (an order, the customer's balance, sometimes a deleted old order), autocommit
 * inserts of payloads from a few bytes to over a megabyte, and updates of random rows.
 */
public final class WriteLoad implements AutoCloseable {

    public static final String SCHEMA = "shop";
    public static final List<String> TABLES = List.of("customers", "orders", "payloads");

    private final Endpoint source;
    private final int connections;
    private final long seed;
    private final long pauseMillis;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong committed = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile Exception failure;

    /**
     * @param pauseMillis how long each connection rests between transactions: the load is steady, not a flood
     *                    that fills the disk with binlog
     */
    public WriteLoad(Endpoint source, int connections, long seed, long pauseMillis) {
        this.source = source;
        this.connections = connections;
        this.seed = seed;
        this.pauseMillis = pauseMillis;
    }

    /** Creates the schema with some customers to write against. */
    public static void createSchema(Connection c, int customers) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + SCHEMA);
            s.execute("CREATE TABLE " + SCHEMA + ".customers (id INT PRIMARY KEY AUTO_INCREMENT, "
                + "name VARCHAR(100) NOT NULL, balance DECIMAL(14,2) NOT NULL DEFAULT 0, "
                + "updated DATETIME(6) NOT NULL, KEY by_name (name)) ENGINE=InnoDB");
            s.execute("CREATE TABLE " + SCHEMA + ".orders (id BIGINT PRIMARY KEY AUTO_INCREMENT, "
                + "customer_id INT NOT NULL, amount DECIMAL(12,2) NOT NULL, note TEXT, "
                + "created TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), KEY by_customer (customer_id)) ENGINE=InnoDB");
            s.execute("CREATE TABLE " + SCHEMA + ".payloads (id BIGINT PRIMARY KEY AUTO_INCREMENT, "
                + "body MEDIUMBLOB, digest CHAR(64)) ENGINE=InnoDB");
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + SCHEMA
            + ".customers (name, balance, updated) VALUES (?, ?, NOW(6))")) {
            for (int i = 0; i < customers; i++) {
                insert.setString(1, "customer " + i + (i % 7 == 0 ? " \u00e9\u00e8 \ud83d\ude80" : ""));
                insert.setBigDecimal(2, BigDecimal.valueOf(i * 10L, 2));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    public void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        for (int i = 0; i < connections; i++) {
            Random random = new Random(seed + i);
            Thread t = new Thread(() -> run(random), "write-load-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Stops every connection after its current transaction and waits for them. */
    public void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join();
        }
        threads.clear();
        if (failure != null) {
            throw new IllegalStateException("the write load failed: " + failure.getMessage(), failure);
        }
    }

    public long committedTransactions() {
        return committed.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void run(Random random) {
        try (Connection c = Connections.open(source)) {
            while (running.get()) {
                try {
                    transaction(c, random);
                    committed.incrementAndGet();
                    Thread.sleep(pauseMillis);
                } catch (SQLException e) {
                    // Deadlocks and lock waits between the connections are part of the load; others are not.
                    if (e.getErrorCode() != 1213 && e.getErrorCode() != 1205) {
                        throw e;
                    }
                    if (!c.getAutoCommit()) {
                        c.rollback();
                        c.setAutoCommit(true);
                    }
                }
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    private void transaction(Connection c, Random random) throws SQLException {
        int kind = random.nextInt(10);
        int customer = 1 + random.nextInt(100);
        if (kind < 5) {
            c.setAutoCommit(false);
            try (PreparedStatement order = c.prepareStatement("INSERT INTO " + SCHEMA
                     + ".orders (customer_id, amount, note) VALUES (?, ?, ?)");
                 PreparedStatement balance = c.prepareStatement("UPDATE " + SCHEMA
                     + ".customers SET balance = balance - ?, updated = NOW(6) WHERE id = ?")) {
                int items = 1 + random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    BigDecimal amount = BigDecimal.valueOf(random.nextInt(100000), 2);
                    order.setInt(1, customer);
                    order.setBigDecimal(2, amount);
                    order.setString(3, note(random));
                    order.executeUpdate();
                    balance.setBigDecimal(1, amount);
                    balance.setInt(2, customer);
                    balance.executeUpdate();
                }
                if (random.nextInt(4) == 0) {
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("DELETE FROM " + SCHEMA + ".orders WHERE customer_id = " + customer
                            + " ORDER BY id LIMIT 1");
                    }
                }
            }
            c.commit();
            c.setAutoCommit(true);
        } else if (kind < 8) {
            int size = random.nextInt(400) == 0 ? (1 << 20) + random.nextInt(1 << 18) : random.nextInt(4096);
            byte[] body = new byte[size];
            random.nextBytes(body);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + SCHEMA
                + ".payloads (body, digest) VALUES (?, SHA2(?, 256))")) {
                insert.setBytes(1, body);
                insert.setBytes(2, body);
                insert.executeUpdate();
            }
        } else {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE " + SCHEMA + ".customers SET name = CONCAT('customer ', id, ' v', "
                    + random.nextInt(1000) + "), updated = NOW(6) WHERE id IN (" + customer + ", " + (customer + 1) + ")");
            }
        }
    }

    private static String note(Random random) {
        String[] notes = {"", "gift wrap", "leave at the door\nring twice", "tab\there", "quote ' and \\ backslash",
            "\u00fcml\u00e4ut", null};
        return notes[random.nextInt(notes.length)];
    }
}
