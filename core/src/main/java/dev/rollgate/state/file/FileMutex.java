package dev.rollgate.state.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion across threads and processes around a short critical section, by an OS lock on
 * a dedicated lock file. Support code for the embedded stores; not an API of its own.
 *
 * <p>Two details matter. OS file locks belong to the process, so threads of one JVM are first
 * serialized by a lock per file. And on Linux closing <em>any</em> channel to a file drops the
 * process's locks on it, so the lock file is used for nothing else and only one channel to it is
 * open in this JVM at a time.
 */
public final class FileMutex {

    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    @FunctionalInterface
    public interface Section<T, E extends Exception> {
        T run() throws IOException, E;
    }

    private final Path lockFile;

    public FileMutex(Path lockFile) {
        this.lockFile = Objects.requireNonNull(lockFile, "lockFile");
    }

    /**
     * Runs {@code section} while holding the lock, waiting as long as another holder needs; creates
     * the lock file and its directory when missing.
     */
    public <T, E extends Exception> T locked(Section<T, E> section) throws IOException, E {
        Path file = canonical(lockFile);
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(file, path -> new ReentrantLock());
        inProcess.lock();
        try (FileChannel channel = FileChannel.open(file,
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            return section.run();
        } finally {
            inProcess.unlock();
        }
    }

    /**
     * The same file reached by different paths (relative, symbolic links) must map to one
     * in-process lock; the directory exists by now, the file itself may not.
     */
    static Path canonical(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        Files.createDirectories(absolute.getParent());
        return absolute.getParent().toRealPath().resolve(absolute.getFileName());
    }
}
