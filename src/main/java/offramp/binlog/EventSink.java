package offramp.binlog;

/** Receives events in binlog order; returning false stops the read. */
@FunctionalInterface
public interface EventSink {
    boolean accept(BinlogEvent event);
}
