package dev.rollgate.state;

import dev.rollgate.state.file.FileEnvironmentLock;
import dev.rollgate.state.file.FileStateStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Runs in a child JVM for the state tests.
 * <ul>
 *   <li>{@code lock <dir> <service> <environment> <owner>}: tries the lock, prints {@code acquired}
 *       or {@code held-by <owner> <pid> <since>}; holding it, waits for a line on stdin, then
 *       releases and prints {@code released}</li>
 *   <li>{@code count <dir> <increments>}: adds 1 to a shared counter that many times by
 *       compare-and-set, retrying on conflict; prints {@code done <conflicts>}</li>
 * </ul>
 */
public final class StateChildMain {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "lock" -> lock(Path.of(args[1]), new ServiceEnvironment(args[2], args[3]), args[4]);
            case "count" -> count(Path.of(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void lock(Path dir, ServiceEnvironment scope, String owner) throws Exception {
        Acquisition acquisition = new FileEnvironmentLock(dir, Clock.systemUTC())
                .tryAcquire(new LockRequest(scope, owner, "test"));
        if (acquisition instanceof Acquisition.HeldBy heldBy) {
            System.out.println(heldBy.holder()
                    .map(h -> "held-by " + h.owner() + " " + h.pid() + " " + h.since())
                    .orElse("held-by unknown"));
            return;
        }
        try (LockHandle handle = ((Acquisition.Acquired) acquisition).handle()) {
            System.out.println("acquired");
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        System.out.println("released");
    }

    private static void count(Path dir, int increments) throws Exception {
        StateStore<Counter> store = new FileStateStore<>(dir, new ServiceEnvironment("svc", "env"),
                Codec.json(Counter.class));
        int conflicts = 0;
        for (int done = 0; done < increments; ) {
            Optional<Stored<Counter>> current = store.read();
            try {
                if (current.isEmpty()) {
                    store.create(new Counter("counting", 1));
                } else {
                    Counter c = current.get().value();
                    store.replace(current.get().revision(), new Counter(c.phase(), c.count() + 1));
                }
                done++;
            } catch (StateConflictException e) {
                conflicts++;
            }
        }
        System.out.println("done " + conflicts);
    }
}
