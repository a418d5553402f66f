package offramp.copy;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream ahead of its reader on a thread of its own, through a bounded queue of blocks: while the target
 * parses and writes one block of a load, the next rows are already being read from the source and encoded.
 * Memory stays bounded: at most {@code blocks} blocks of {@code blockSize} bytes wait in the queue.
 */
final class ReadAhead extends InputStream {

    private static final byte[] END = new byte[0];

    private final BlockingQueue<Object> queue;
    private final Thread producer;
    private volatile boolean closed;
    private byte[] current = new byte[0];
    private int offset;
    private boolean ended;

    ReadAhead(InputStream source, int blockSize, int blocks, String name) {
        this.queue = new ArrayBlockingQueue<>(blocks);
        this.producer = new Thread(() -> produce(source, blockSize), name);
        producer.setDaemon(true);
        producer.start();
    }

    private void produce(InputStream source, int blockSize) {
        try {
            while (!closed) {
                byte[] block = source.readNBytes(blockSize);
                if (block.length == 0) {
                    queue.put(END);
                    return;
                }
                queue.put(block);
            }
        } catch (InterruptedException stop) {
            // the reader closed the stream
        } catch (IOException | RuntimeException e) {
            try {
                queue.put(e);
            } catch (InterruptedException stop) {
                // the reader closed the stream
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int at, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (offset == current.length) {
            if (ended) {
                return -1;
            }
            Object next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for rows from the source", e);
            }
            if (next instanceof IOException e) {
                throw new IOException(e.getMessage(), e);
            }
            if (next instanceof RuntimeException e) {
                throw e;
            }
            current = (byte[]) next;
            offset = 0;
            ended = current == END;
        }
        int n = Math.min(len, current.length - offset);
        System.arraycopy(current, offset, into, at, n);
        offset += n;
        return n;
    }

    /**
     * Stops reading ahead and waits for the reading thread to let go of the source, so that the caller may close
     * what it reads from. The thread finishes the row it is reading, which the copy's watchdog bounds.
     */
    @Override
    public void close() throws IOException {
        closed = true;
        producer.interrupt();
        queue.clear();
        try {
            producer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the read-ahead of a load", e);
        }
    }
}
