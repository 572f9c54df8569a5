package dev.rollgate.target.local;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A buffered writer for one side of a connection. Heads are written as ISO-8859-1 bytes straight into the
 * buffer (no encoder, no intermediate arrays); on the backend side every I/O error becomes an
 * {@link UpstreamException}.
 */
final class HttpOutput {

    private static final byte[] CRLF = {'\r', '\n'};

    private final OutputStream out;
    private final boolean upstream;
    private final byte[] buf = new byte[16 * 1024];
    private int count;

    HttpOutput(OutputStream out, boolean upstream) {
        this.out = out;
        this.upstream = upstream;
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (len > buf.length - count) {
            flushBuffer();
            if (len >= buf.length) {
                writeThrough(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    void writeAscii(String s) throws IOException {
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (count == buf.length) {
                flushBuffer();
            }
            int k = Math.min(n - i, buf.length - count);
            for (int j = 0; j < k; j++) {
                buf[count++] = (byte) s.charAt(i++);
            }
        }
    }

    /** {@code name: value CRLF}. */
    void header(String name, String value) throws IOException {
        writeAscii(name);
        writeAscii(": ");
        writeAscii(value);
        write(CRLF, 0, 2);
    }

    void crlf() throws IOException {
        write(CRLF, 0, 2);
    }

    void flush() throws IOException {
        flushBuffer();
        try {
            out.flush();
        } catch (IOException e) {
            throw upstream ? UpstreamException.of(e) : e;
        }
    }

    private void flushBuffer() throws IOException {
        if (count > 0) {
            writeThrough(buf, 0, count);
            count = 0;
        }
    }

    private void writeThrough(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw upstream ? UpstreamException.of(e) : e;
        }
    }
}
