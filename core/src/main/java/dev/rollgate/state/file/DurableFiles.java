package dev.rollgate.state.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file writes for the embedded stores. Support code for {@code dev.rollgate.state.file}
 * and {@code dev.rollgate.ledger}; not an API of its own.
 */
public final class DurableFiles {

    /** Suffix of the temporary files {@link #replaceAtomically} writes next to its target. */
    public static final String TEMP_SUFFIX = ".tmp";

    private DurableFiles() {
    }

    /**
     * Replaces {@code target} so that after a crash at any moment it holds either the old or the
     * new bytes, and once this returns the new bytes survive a power loss: write a temporary file
     * in the same directory (a rename is only atomic within one file system), force it, rename it
     * over the target, then force the directory so the rename itself is on disk.
     */
    public static void replaceAtomically(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, target.getFileName() + ".", TEMP_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                writeFully(channel, ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        forceDirectory(dir);
    }

    /**
     * Deletes temporary files an earlier {@link #replaceAtomically} of {@code target} left when its
     * process died between writing and renaming. Only safe while holding the lock all writers of
     * {@code target} take, or a live writer's file could go.
     */
    public static void deleteLeftovers(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String glob = target.getFileName() + ".*" + TEMP_SUFFIX;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, glob)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        } catch (NoSuchFileException e) {
            // No directory, no leftovers.
        }
    }

    /**
     * Makes a directory's entries (created, renamed files) durable. Linux allows forcing a
     * directory opened for reading; platforms that refuse (Windows) make renames durable on their
     * own terms, so their refusal is ignored.
     */
    public static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not supported here: nothing more can be done from Java.
        }
    }

    public static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
