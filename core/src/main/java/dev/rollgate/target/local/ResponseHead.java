package dev.rollgate.target.local;

import java.io.IOException;

/** A parsed status line and header fields from a backend. */
record ResponseHead(int status, String reason, int minorVersion, HttpHeaders headers) {

    /** @throws UpstreamException if the backend closed, timed out or sent something that is not a response */
    static ResponseHead read(HttpInput in) throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new UpstreamException("backend closed the connection before responding", null, false, true);
        }
        int minor;
        if (line.startsWith("HTTP/1.1 ")) {
            minor = 1;
        } else if (line.startsWith("HTTP/1.0 ")) {
            minor = 0;
        } else {
            throw in.malformed("status line: " + HttpHeaders.abbreviate(line));
        }
        if (line.length() < 12 || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw in.malformed("status line: " + HttpHeaders.abbreviate(line));
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw in.malformed("status line: " + HttpHeaders.abbreviate(line));
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100) {
            throw in.malformed("status code " + status);
        }
        String reason = line.length() > 13 ? line.substring(13) : "";
        return new ResponseHead(status, reason, minor, HttpHeaders.read(in));
    }

    boolean isInterim() {
        return status >= 100 && status < 200;
    }

    /** Whether the backend connection may carry another request after this response. */
    boolean keepAlive() {
        if (minorVersion == 1) {
            return !headers.hasToken("Connection", "close");
        }
        return headers.hasToken("Connection", "keep-alive");
    }

    /** RFC 9112 §6.3, response side. */
    BodyFraming bodyFraming(boolean headRequest, HttpInput in) throws IOException {
        if (headRequest || isInterim() || status == 204 || status == 304) {
            return BodyFraming.NONE;
        }
        String te = headers.get("Transfer-Encoding");
        if (te != null) {
            return RequestHead.endsWithChunked(te) ? BodyFraming.CHUNKED : BodyFraming.UNTIL_CLOSE;
        }
        long length = headers.contentLength(in);
        return length < 0 ? BodyFraming.UNTIL_CLOSE : BodyFraming.ofLength(length);
    }
}
