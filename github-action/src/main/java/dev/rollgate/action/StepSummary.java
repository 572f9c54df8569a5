package dev.rollgate.action;

import dev.rollgate.render.Markdown;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The step's job summary, {@code GITHUB_STEP_SUMMARY}: Markdown appended in UTF-8, with the whole file kept within
 * {@link Markdown#MAX_BYTES}. The runner uploads nothing at all when the file is over 1 MiB, so an append that would
 * cross the limit writes the whole lines that fit, then a note that the summary was truncated; later appends write
 * nothing.
 *
 * <p>The file belongs to this step, but other code in the step may write to it, so its size is read before every
 * append.
 */
public final class StepSummary {

    /** Ends a truncated summary. The blank line first keeps it from being read as a table row or a heading. */
    static final String TRUNCATED_NOTE = "\n\n_The summary was truncated here: GitHub drops a step summary over 1 MiB, "
            + "so Rollgate keeps it under " + Markdown.MAX_BYTES / 1024 + " KiB._\n";

    private static final byte[] NOTE = TRUNCATED_NOTE.getBytes(StandardCharsets.UTF_8);

    private final Path file;
    private boolean truncated;

    public StepSummary(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** The summary file named by {@code GITHUB_STEP_SUMMARY} in {@code env}; empty when unset or blank. */
    public static Optional<StepSummary> of(Map<String, String> env) {
        String path = env.get("GITHUB_STEP_SUMMARY");
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new StepSummary(Path.of(path)));
    }

    /** Appends {@code markdown}, or what fits of it (see the class description). */
    public synchronized void append(String markdown) throws IOException {
        if (truncated || markdown == null || markdown.isEmpty()) {
            return;
        }
        byte[] bytes = markdown.getBytes(StandardCharsets.UTF_8);
        long size = currentSize();
        // Room for the note is always kept, so a summary that fills up can still say so.
        if (size + bytes.length + NOTE.length <= Markdown.MAX_BYTES) {
            write(bytes);
            return;
        }
        truncated = true;
        long room = Markdown.MAX_BYTES - size - NOTE.length;
        if (room < 0) {
            return; // only when someone else filled the file
        }
        int cut = lastLineEnd(bytes, (int) Math.min(room, bytes.length));
        byte[] kept = Arrays.copyOf(bytes, cut + NOTE.length);
        System.arraycopy(NOTE, 0, kept, cut, NOTE.length);
        write(kept);
    }

    /**
     * The length of the longest prefix of at most {@code limit} bytes that ends with a line feed; 0 if there is none.
     * A cut after {@code \n} never splits a UTF-8 sequence, whose bytes are all {@code >= 0x80}.
     */
    private static int lastLineEnd(byte[] bytes, int limit) {
        for (int i = limit; i > 0; i--) {
            if (bytes[i - 1] == '\n') {
                return i;
            }
        }
        return 0;
    }

    private long currentSize() throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0; // deleted during the step: it starts again from empty
        }
    }

    private void write(byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }
}
