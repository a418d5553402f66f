package offramp.binlog;

import java.io.IOException;

/** The server or the file would not give the requested events; {@link #errorCode()} is the server's, or 0. */
public class BinlogReadException extends IOException {
    private final int errorCode;

    public BinlogReadException(String message, int errorCode, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }
}
