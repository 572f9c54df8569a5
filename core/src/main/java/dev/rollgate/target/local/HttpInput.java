package dev.rollgate.target.local;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A buffered reader of HTTP/1.1 framing over one side of a connection: header lines and raw body bytes.
 *
 * <p>It knows which side it reads so that every failure already has the right type: from a backend, any I/O
 * error, early end or malformed line is an {@link UpstreamException}; from a client, malformed input is a
 * {@link BadRequestException} and an early end is a plain {@link EOFException} (the client went away).
 */
final class HttpInput {

    static final int MAX_LINE = 8192;

    private final InputStream in;
    private final boolean upstream;
    private final byte[] buf = new byte[16 * 1024];
    private final byte[] lineBuf = new byte[MAX_LINE + 2];
    private int pos;
    private int limit;

    HttpInput(InputStream in, boolean upstream) {
        this.in = in;
        this.upstream = upstream;
    }

    /** Whether bytes are already buffered (the peer pipelined or sent more than asked for). */
    boolean hasBuffered() {
        return pos < limit;
    }

    /**
     * The next line without its CRLF (a bare LF is tolerated), or null at end of stream before any byte of it.
     */
    String readLine() throws IOException {
        int len = 0;
        while (true) {
            if (pos == limit && fill() < 0) {
                if (len == 0) {
                    return null;
                }
                throw prematureEnd();
            }
            int start = pos;
            while (pos < limit) {
                if (buf[pos++] == '\n') {
                    int n = pos - 1 - start;
                    if (len == 0) {
                        return line(buf, start, n);
                    }
                    len = append(len, start, n);
                    return line(lineBuf, 0, len);
                }
            }
            len = append(len, start, limit - start);
        }
    }

    /** Forwards exactly {@code n} bytes to {@code out}. */
    void copyTo(HttpOutput out, long n) throws IOException {
        while (n > 0) {
            if (pos == limit && fill() < 0) {
                throw prematureEnd();
            }
            int k = (int) Math.min(n, limit - pos);
            out.write(buf, pos, k);
            pos += k;
            n -= k;
        }
    }

    /** Forwards everything up to the end of the stream (a close-delimited body). */
    void copyToEnd(HttpOutput out) throws IOException {
        while (pos < limit || fill() >= 0) {
            out.write(buf, pos, limit - pos);
            pos = limit;
        }
    }

    IOException malformed(String message) {
        return upstream ? new UpstreamException("malformed response from backend: " + message, null, false, false)
                : new BadRequestException(message);
    }

    IOException prematureEnd() {
        return upstream ? new UpstreamException("backend closed the connection mid-response", null, false, false)
                : new EOFException("client closed the connection mid-request");
    }

    private int fill() throws IOException {
        int n;
        try {
            n = in.read(buf, 0, buf.length);
        } catch (IOException e) {
            throw upstream ? UpstreamException.of(e) : e;
        }
        pos = 0;
        limit = Math.max(n, 0);
        return n;
    }

    private int append(int len, int start, int n) throws IOException {
        if (len + n > lineBuf.length) {
            throw malformed("header line longer than " + MAX_LINE + " bytes");
        }
        System.arraycopy(buf, start, lineBuf, len, n);
        return len + n;
    }

    private String line(byte[] b, int off, int n) throws IOException {
        if (n > 0 && b[off + n - 1] == '\r') {
            n--;
        }
        if (n > MAX_LINE) {
            throw malformed("header line longer than " + MAX_LINE + " bytes");
        }
        // ISO-8859-1 maps bytes 1:1, so obs-text in header values survives the round trip unchanged.
        return new String(b, off, n, StandardCharsets.ISO_8859_1);
    }
}
