package offramp.binlog;

import com.github.shyiko.mysql.binlog.BinaryLogFileReader;
import com.github.shyiko.mysql.binlog.event.Event;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads binlog files from disk; {@code file} names are resolved against a directory. */
public final class FileBinlogReader implements BinlogReader {

    private final Path directory;

    public FileBinlogReader(Path directory) {
        this.directory = directory;
    }

    @Override
    public ReadResult read(String file, long from, EventSink sink) throws IOException {
        Path path = directory.resolve(file);
        long size;
        try {
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new BinlogReadException("no such binlog file: " + path, 0, e);
        }
        EventDecoder decoder = new EventDecoder();
        String name = path.getFileName().toString();
        long lastEnd = 4;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
             BinaryLogFileReader reader = new BinaryLogFileReader(in, decoder.deserializer())) {
            while (true) {
                Event event;
                try {
                    event = reader.readEvent();
                } catch (IOException e) {
                    if (isTruncation(e)) {
                        return torn(name, lastEnd, size);
                    }
                    throw new BinlogReadException("cannot read " + path + " after position " + lastEnd + ": "
                        + e.getMessage(), 0, e);
                }
                if (event == null) {
                    return lastEnd < size ? torn(name, lastEnd, size) : new ReadResult(name, lastEnd, ReadResult.Ending.END_OF_FILE, null);
                }
                BinlogEvent decoded = decoder.decode(name, event);
                lastEnd = decoded.end();
                if (decoded.start() < from) {
                    continue;
                }
                if (!sink.accept(decoded)) {
                    return new ReadResult(name, lastEnd, ReadResult.Ending.STOPPED, null);
                }
            }
        }
    }

    private static boolean isTruncation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return true;
            }
        }
        return false;
    }

    private static ReadResult torn(String name, long lastEnd, long size) {
        return new ReadResult(name, lastEnd, ReadResult.Ending.TORN,
            "the file is " + size + " bytes but its last complete event ends at " + lastEnd
                + " (" + (size - lastEnd) + " bytes of a partial event)");
    }
}
