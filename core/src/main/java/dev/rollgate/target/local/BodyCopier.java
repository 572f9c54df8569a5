package dev.rollgate.target.local;

import java.io.IOException;

/** Streams a body from one side to the other without holding it in memory. */
final class BodyCopier {

    private static final int MAX_TRAILER_FIELDS = HttpHeaders.MAX_FIELDS;

    private BodyCopier() {
    }

    /**
     * @param rechunk keep chunked framing on the way out; false turns the body into plain bytes (for HTTP/1.0
     *                clients, which do not understand chunks; the connection then closes to end the body)
     */
    static void copy(BodyFraming framing, HttpInput in, HttpOutput out, boolean rechunk) throws IOException {
        switch (framing.kind()) {
            case NONE -> { }
            case LENGTH -> in.copyTo(out, framing.length());
            case CHUNKED -> copyChunked(in, out, rechunk);
            case UNTIL_CLOSE -> in.copyToEnd(out);
            default -> throw new IllegalStateException("unknown framing " + framing);
        }
    }

    private static void copyChunked(HttpInput in, HttpOutput out, boolean rechunk) throws IOException {
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw in.prematureEnd();
            }
            long size = chunkSize(line, in);
            if (rechunk) {
                // Chunk extensions are dropped: they are hop-by-hop in all but name and nobody uses them.
                out.writeAscii(Long.toHexString(size));
                out.crlf();
            }
            if (size == 0) {
                break;
            }
            in.copyTo(out, size);
            String end = in.readLine();
            if (end == null) {
                throw in.prematureEnd();
            }
            if (!end.isEmpty()) {
                throw in.malformed("chunk data not followed by CRLF");
            }
            if (rechunk) {
                out.crlf();
            }
        }
        for (int fields = 0; ; fields++) {
            String trailer = in.readLine();
            if (trailer == null) {
                throw in.prematureEnd();
            }
            if (fields > MAX_TRAILER_FIELDS) {
                throw in.malformed("more than " + MAX_TRAILER_FIELDS + " trailer fields");
            }
            if (rechunk) {
                out.writeAscii(trailer);
                out.crlf();
            }
            if (trailer.isEmpty()) {
                return;
            }
        }
    }

    private static long chunkSize(String line, HttpInput in) throws IOException {
        int end = line.indexOf(';');
        String hex = (end < 0 ? line : line.substring(0, end)).strip();
        if (hex.isEmpty() || hex.length() > 15) {
            throw in.malformed("invalid chunk size: " + HttpHeaders.abbreviate(line));
        }
        long size = 0;
        for (int i = 0; i < hex.length(); i++) {
            int d = Character.digit(hex.charAt(i), 16);
            if (d < 0) {
                throw in.malformed("invalid chunk size: " + HttpHeaders.abbreviate(line));
            }
            size = size * 16 + d;
        }
        return size;
    }
}
