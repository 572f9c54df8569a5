package dev.rollgate.state.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollgate.state.Acquisition;
import dev.rollgate.state.EnvironmentLock;
import dev.rollgate.state.LockHandle;
import dev.rollgate.state.LockHolder;
import dev.rollgate.state.LockRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An {@link EnvironmentLock} on the local file system: an OS lock ({@link FileChannel#tryLock()})
 * on {@code <dir>/locks/<service>.<environment>.lock}, held as long as the handle, plus a
 * {@code .holder} file next to it naming the holder for whoever is turned away.
 *
 * <p>The OS lock, not the holder file, decides who holds the lock. The operating system drops it
 * when the holding process ends in any way, {@code kill -9} and crashes included, so a dead holder
 * never blocks a later rollout and there is no stale-lock timeout to tune. A holder file left by
 * such a process is overwritten by the next holder. The lock directory must be on a local file
 * system: OS locks over NFS are not reliable.
 *
 * <p>OS locks belong to a process, so this class also tracks the locks this JVM holds: a second
 * request from the same JVM is turned away with the holder from memory, without opening the lock
 * file again (on Linux closing any channel to it would drop the lock).
 */
public final class FileEnvironmentLock implements EnvironmentLock {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** Locks held by this JVM, by canonical lock file; a held entry without holder is being acquired. */
    private static final ConcurrentMap<Path, Optional<LockHolder>> HELD_HERE = new ConcurrentHashMap<>();

    private final Path locksDir;
    private final Clock clock;
    private final String host;
    private final long pid;

    /** @param dir the state directory; locks live in its {@code locks} subdirectory */
    public FileEnvironmentLock(Path dir, Clock clock) {
        this.locksDir = dir.resolve("locks");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.host = localHostName();
        this.pid = ProcessHandle.current().pid();
    }

    @Override
    public Acquisition tryAcquire(LockRequest request) throws IOException {
        Path lockFile = FileMutex.canonical(
                locksDir.resolve(request.scope().service() + "." + request.scope().environment() + ".lock"));
        Path holderFile = lockFile.resolveSibling(lockFile.getFileName() + ".holder");
        Optional<LockHolder> heldHere = HELD_HERE.putIfAbsent(lockFile, Optional.empty());
        if (heldHere != null) {
            return new Acquisition.HeldBy(heldHere);
        }
        boolean acquired = false;
        try {
            FileChannel channel = FileChannel.open(lockFile,
                    StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                FileLock osLock;
                try {
                    osLock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    // Something else in this JVM locked the file without going through this class.
                    return new Acquisition.HeldBy(readHolder(holderFile));
                }
                if (osLock == null) {
                    channel.close();
                    return new Acquisition.HeldBy(readHolder(holderFile));
                }
                LockHolder holder = new LockHolder(request.owner(), host, pid, clock.instant(), request.purpose());
                DurableFiles.replaceAtomically(holderFile, toJson(holder));
                HELD_HERE.put(lockFile, Optional.of(holder));
                acquired = true;
                return new Acquisition.Acquired(new Handle(lockFile, holderFile, channel, holder));
            } finally {
                if (!acquired) {
                    channel.close();
                }
            }
        } finally {
            if (!acquired) {
                HELD_HERE.remove(lockFile);
            }
        }
    }

    private static Optional<LockHolder> readHolder(Path holderFile) {
        try {
            JsonNode node = MAPPER.readTree(Files.readAllBytes(holderFile));
            return Optional.of(new LockHolder(
                    node.required("owner").asText(),
                    node.required("host").asText(),
                    node.required("pid").asLong(),
                    Instant.parse(node.required("since").asText()),
                    node.required("purpose").asText()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            // Written atomically, so a damaged file is not the holder's doing; the lock is still
            // held, the holder just cannot be named.
            return Optional.empty();
        }
    }

    private static byte[] toJson(LockHolder holder) throws IOException {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("owner", holder.owner());
        node.put("host", holder.host());
        node.put("pid", holder.pid());
        node.put("since", holder.since().toString());
        node.put("purpose", holder.purpose());
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    private static final class Handle implements LockHandle {
        private final Path lockFile;
        private final Path holderFile;
        private final FileChannel channel;
        private final LockHolder holder;
        private boolean released;

        Handle(Path lockFile, Path holderFile, FileChannel channel, LockHolder holder) {
            this.lockFile = lockFile;
            this.holderFile = holderFile;
            this.channel = channel;
            this.holder = holder;
        }

        @Override
        public LockHolder holder() {
            return holder;
        }

        @Override
        public synchronized void release() {
            if (released) {
                return;
            }
            released = true;
            IOException failure = null;
            // The holder file goes first: once the OS lock is gone the next holder may write its
            // own, which must not then be deleted.
            try {
                Files.deleteIfExists(holderFile);
            } catch (IOException e) {
                failure = e;
            }
            try {
                channel.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            } finally {
                HELD_HERE.remove(lockFile);
            }
            if (failure != null) {
                throw new UncheckedIOException("lock " + lockFile + " released, but cleaning up failed", failure);
            }
        }
    }
}
