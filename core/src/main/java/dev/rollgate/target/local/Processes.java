package dev.rollgate.target.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Operating-system chores of the local target: free ports, listening checks, process trees, log tails. */
final class Processes {

    /** How long a process gets to end after SIGTERM before it is killed. */
    static final Duration TERMINATION_GRACE = Duration.ofSeconds(5);

    private Processes() {
    }

    /** A port that was free on 127.0.0.1 a moment ago (the OS picks it). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Whether something accepts TCP connections on {@code host:port} right now. */
    static boolean accepts(String host, int port, Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The live process with this pid, provided it is the one that started at {@code processStart} (if known). */
    static Optional<ProcessHandle> live(long pid, String processStart) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (h.isPresent() && processStart != null) {
            Optional<String> started = startOf(h.get());
            if (started.isPresent() && !started.get().equals(processStart)) {
                return Optional.empty(); // the pid was reused by another process
            }
        }
        return h;
    }

    static Optional<String> startOf(ProcessHandle h) {
        return h.info().startInstant().map(Object::toString);
    }

    /**
     * Ends the processes and all their descendants: SIGTERM, then SIGKILL for whatever is still alive after
     * {@link #TERMINATION_GRACE}. Descendants are collected first: once a parent is gone they are re-parented
     * and no longer findable through it.
     */
    static void killTrees(List<ProcessHandle> roots) {
        List<ProcessHandle> all = new ArrayList<>();
        for (ProcessHandle root : roots) {
            all.add(root);
            root.descendants().forEach(all::add);
        }
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TERMINATION_GRACE.toNanos();
        for (ProcessHandle p : all) {
            awaitExit(p, deadline - System.nanoTime());
        }
        List<ProcessHandle> stubborn = all.stream().filter(ProcessHandle::isAlive).toList();
        stubborn.forEach(ProcessHandle::destroyForcibly);
        long hardDeadline = System.nanoTime() + TERMINATION_GRACE.toNanos();
        for (ProcessHandle p : stubborn) {
            awaitExit(p, hardDeadline - System.nanoTime());
        }
    }

    private static void awaitExit(ProcessHandle p, long nanos) {
        try {
            p.onExit().get(Math.max(1, nanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Still alive: the caller escalates.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last {@code lines} lines of a log file, for error messages; "" if it cannot be read. */
    static String tail(Path file, int lines) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            int size = (int) Math.min(length, 8192);
            byte[] bytes = new byte[size];
            f.seek(length - size);
            f.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\r?\n"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** A file name made of the version name: anything but letters, digits, '.', '_' and '-' becomes '_'. */
    static String fileSafe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static void createDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
    }
}
