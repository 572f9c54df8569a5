package dev.rollgate.ledger;

import dev.rollgate.state.file.DurableFiles;
import dev.rollgate.state.file.FileMutex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link DeploymentLedger} in {@code <dir>/ledger.jsonl}: JSON Lines, one record per line, the
 * embedded default for a single host.
 *
 * <p>An append is one {@code write} of one whole line in append mode followed by
 * {@code force(true)}, under an OS lock on {@code ledger.jsonl.lock} so appends from several
 * processes never interleave. When {@link #append} returns, the line is on disk. A crash during an
 * append can leave at most a torn last line; reading skips it with a warning, and the next append
 * first ends it with a line break so the records after it stay readable. Reads take the same lock,
 * so they never mistake a line being written for a torn one.
 *
 * <p>Reading loads the whole file; fine for one host's history, not meant for years of a fleet.
 */
public final class FileDeploymentLedger implements DeploymentLedger {

    private static final byte NEWLINE = '\n';

    private final Path file;
    private final FileMutex mutex;

    /** @param dir the state directory holding {@code ledger.jsonl} */
    public FileDeploymentLedger(Path dir) {
        this.file = dir.resolve("ledger.jsonl");
        this.mutex = new FileMutex(dir.resolve("ledger.jsonl.lock"));
    }

    public Path file() {
        return file;
    }

    @Override
    public void append(LedgerEntry entry) throws IOException {
        byte[] json = LedgerJson.write(entry);
        mutex.<Void, RuntimeException>locked(() -> {
            boolean created = !Files.exists(file);
            try (FileChannel channel = FileChannel.open(file,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                boolean tornTail = endsWithoutNewline(channel);
                ByteBuffer line = ByteBuffer.allocate(json.length + 2);
                if (tornTail) {
                    line.put(NEWLINE);
                }
                line.put(json).put(NEWLINE).flip();
                DurableFiles.writeFully(channel, line);
                channel.force(true);
            }
            if (created) {
                DurableFiles.forceDirectory(file.toAbsolutePath().getParent());
            }
            return null;
        });
    }

    @Override
    public LedgerContents read() throws IOException {
        byte[] bytes = mutex.<byte[], RuntimeException>locked(() -> {
            try {
                return Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                return new byte[0];
            }
        });
        List<LedgerEntry> records = new ArrayList<>();
        List<LedgerWarning> warnings = new ArrayList<>();
        int start = 0;
        long lineNumber = 0;
        while (start < bytes.length) {
            lineNumber++;
            int end = indexOf(bytes, NEWLINE, start);
            if (end < 0) {
                warnings.add(new LedgerWarning(file.toString(), lineNumber,
                        "incomplete last line (no line break; a write cut short?), skipped"));
                break;
            }
            String line = LedgerJson.utf8(bytes, start, end);
            start = end + 1;
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(LedgerJson.read(line));
            } catch (LedgerJson.MalformedEntryException e) {
                warnings.add(new LedgerWarning(file.toString(), lineNumber, e.getMessage() + ", skipped"));
            }
        }
        return new LedgerContents(records, warnings);
    }

    /** The channel is in append mode, so its position is not used; size and a positional read are. */
    private boolean endsWithoutNewline(FileChannel appendChannel) throws IOException {
        long size = appendChannel.size();
        if (size == 0) {
            return false;
        }
        // An append-mode channel cannot read; a separate channel to the ledger file (never the lock
        // file, whose lock a close would drop) can.
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            reader.read(last, size - 1);
            return last.get(0) != NEWLINE;
        }
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
