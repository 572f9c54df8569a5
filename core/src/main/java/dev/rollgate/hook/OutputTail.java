package dev.rollgate.hook;

import java.nio.charset.StandardCharsets;

/** Keeps the last {@code limit} bytes written and counts the rest, so a chatty hook cannot fill memory. */
final class OutputTail {

    private final int limit;
    private final byte[] buffer;
    private int length;
    private long dropped;

    OutputTail(int limit) {
        this.limit = limit;
        // Twice the limit: compacting once per limit bytes keeps appends cheap.
        this.buffer = new byte[2 * limit];
    }

    synchronized void append(byte[] bytes, int offset, int count) {
        if (count >= limit) {
            dropped += length + count - limit;
            System.arraycopy(bytes, offset + count - limit, buffer, 0, limit);
            length = limit;
            return;
        }
        if (length + count > buffer.length) {
            int keep = limit - count;
            dropped += length - keep;
            System.arraycopy(buffer, length - keep, buffer, 0, keep);
            length = keep;
        }
        System.arraycopy(bytes, offset, buffer, length, count);
        length += count;
    }

    void appendLine(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        append(bytes, 0, bytes.length);
    }

    /** The kept text, after a note when earlier output was left out. */
    synchronized String text() {
        int start = Math.max(0, length - limit);
        long omitted = dropped + start;
        // Do not begin in the middle of a UTF-8 character.
        while (omitted > 0 && start < length && (buffer[start] & 0xC0) == 0x80) {
            start++;
            omitted++;
        }
        String kept = new String(buffer, start, length - start, StandardCharsets.UTF_8);
        return omitted == 0 ? kept : "[" + omitted + " bytes of earlier output left out]\n" + kept;
    }
}
