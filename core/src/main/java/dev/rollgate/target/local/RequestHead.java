package dev.rollgate.target.local;

import java.io.IOException;

/**
 * A parsed request line and header fields.
 *
 * @param minorVersion 1 for HTTP/1.1, 0 for HTTP/1.0
 */
record RequestHead(String method, String target, int minorVersion, HttpHeaders headers) {

    /** The next request on a connection, or null if the client closed it cleanly between requests. */
    static RequestHead read(HttpInput in) throws IOException {
        String line = in.readLine();
        // RFC 9112 §2.2: ignore at least one empty line before a request line (some clients send CRLF after bodies).
        for (int i = 0; line != null && line.isEmpty() && i < 4; i++) {
            line = in.readLine();
        }
        if (line == null) {
            return null;
        }
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 <= sp1 + 1 || line.indexOf(' ', sp2 + 1) >= 0) {
            throw in.malformed("malformed request line: " + HttpHeaders.abbreviate(line));
        }
        if (!HttpHeaders.isToken(line, 0, sp1)) {
            throw in.malformed("malformed method in request line: " + HttpHeaders.abbreviate(line));
        }
        int minor;
        if (line.startsWith("HTTP/1.1", sp2 + 1) && line.length() == sp2 + 9) {
            minor = 1;
        } else if (line.startsWith("HTTP/1.0", sp2 + 1) && line.length() == sp2 + 9) {
            minor = 0;
        } else {
            throw in.malformed("unsupported protocol version in request line: " + HttpHeaders.abbreviate(line));
        }
        return new RequestHead(line.substring(0, sp1), line.substring(sp1 + 1, sp2), minor, HttpHeaders.read(in));
    }

    boolean isHead() {
        return "HEAD".equals(method);
    }

    /** Whether the client wants the connection kept after this exchange (HTTP/1.0 clients: never, for simplicity). */
    boolean keepAlive() {
        return minorVersion == 1 && !headers.hasToken("Connection", "close");
    }

    boolean expectsContinue() {
        return headers.hasToken("Expect", "100-continue");
    }

    /**
     * RFC 9112 §6.3. A request with both Transfer-Encoding and Content-Length, or with a transfer coding that does
     * not end in chunked, is refused: forwarding either is how request smuggling starts.
     */
    BodyFraming bodyFraming(HttpInput in) throws IOException {
        String te = headers.get("Transfer-Encoding");
        long length = headers.contentLength(in);
        if (te != null) {
            if (length >= 0) {
                throw in.malformed("both Transfer-Encoding and Content-Length");
            }
            if (!endsWithChunked(te)) {
                throw in.malformed("unsupported Transfer-Encoding: " + HttpHeaders.abbreviate(te));
            }
            return BodyFraming.CHUNKED;
        }
        return length < 0 ? BodyFraming.NONE : BodyFraming.ofLength(length);
    }

    static boolean endsWithChunked(String te) {
        int comma = te.lastIndexOf(',');
        return te.substring(comma + 1).strip().equalsIgnoreCase("chunked");
    }
}
