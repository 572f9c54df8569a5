package dev.rollgate.hook;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one lifecycle hook: its command with {@code /bin/sh -c}, then its HTTP checks against the service.
 *
 * <p>A command that outlives its timeout is stopped with its whole process tree (children and grandchildren), first
 * politely, then for good. Its output (stdout and stderr merged) is read by a separate thread so the child never
 * blocks on a full pipe, and only the last {@value #OUTPUT_LIMIT} bytes are kept. Interrupting the calling thread
 * kills the command at once and {@link #run} throws {@link InterruptedException}.
 */
public final class HookRunner {

    /** How many bytes of output a result keeps: the end, where the error usually is. */
    public static final int OUTPUT_LIMIT = 8 * 1024;
    /** How long a timed-out command gets to exit after SIGTERM before it is killed. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(2);
    /** How long to wait for the output after the command exits; a background child may keep the pipe open. */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);

    private final Clock clock;
    private final HttpProbe probe;

    /** @param clock measures how long hooks take */
    public HookRunner(Clock clock) {
        this(clock, HttpProbe.defaultClient());
    }

    public HookRunner(Clock clock, HttpClient client) {
        this.clock = clock;
        this.probe = new HttpProbe(client, clock);
    }

    public HookResult run(HookPhase phase, HookSpec spec, HookContext context) throws InterruptedException {
        Instant start = clock.instant();
        OutputTail output = new OutputTail(OUTPUT_LIMIT);
        Optional<Integer> exitCode = Optional.empty();
        if (spec.command().isPresent()) {
            CommandOutcome outcome = runCommand(phase, spec, context, output);
            exitCode = outcome.exitCode();
            if (outcome.failure().isPresent()) {
                return new HookResult(phase, false, exitCode, output.text(), since(start), outcome.failure().get());
            }
        }
        List<HttpCheckSpec> checks = spec.httpChecks();
        for (HttpCheckSpec check : checks) {
            Optional<String> failure = check(phase, check, spec.httpTimeout(), context.serviceAddress(), output);
            if (failure.isPresent()) {
                return new HookResult(phase, false, exitCode, output.text(), since(start), failure.get());
            }
        }
        Duration took = since(start);
        String summary = checks.isEmpty()
                ? phase + " succeeded after " + Elapsed.format(took)
                : phase + ": " + (spec.command().isPresent() ? "command succeeded, " : "")
                        + (checks.size() == 1 ? "1 HTTP check passed" : checks.size() + " HTTP checks passed")
                        + " in " + Elapsed.format(took);
        return new HookResult(phase, true, exitCode, output.text(), took, summary);
    }

    private Duration since(Instant start) {
        return Duration.between(start, clock.instant());
    }

    /** An exit code when the command exited by itself; a failure line when the hook failed. */
    private record CommandOutcome(Optional<Integer> exitCode, Optional<String> failure) {
    }

    private CommandOutcome runCommand(HookPhase phase, HookSpec spec, HookContext context, OutputTail output)
            throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", spec.command().orElseThrow())
                .directory(context.workingDirectory().toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("ROLLGATE_SERVICE", context.service());
        env.put("ROLLGATE_ENVIRONMENT", context.environment());
        env.put("ROLLGATE_VERSION", context.version());
        env.put("ROLLGATE_PREVIOUS_VERSION", context.previousVersion().orElse(""));
        env.put("ROLLGATE_HOOK", phase.wireName());
        env.put("ROLLGATE_SERVICE_URL", context.serviceAddress().toString());
        env.putAll(spec.envVariables());
        Instant start = clock.instant();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            output.appendLine("could not start /bin/sh -c in " + context.workingDirectory() + ": " + e.getMessage());
            return new CommandOutcome(Optional.empty(), Optional.of(phase + " could not start: " + e.getMessage()));
        }
        Thread drain = drain(process.getInputStream(), output, phase);
        try {
            // No input: a hook that reads stdin sees end of file instead of waiting for its timeout.
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // The child may already be gone; its exit code tells.
        }
        Duration limit = spec.commandTimeout();
        boolean exited;
        try {
            exited = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            killTree(process, Duration.ZERO);
            throw e;
        }
        if (!exited) {
            killTree(process, KILL_GRACE);
            awaitOutput(drain, output);
            output.appendLine("[" + phase + " timed out after " + Elapsed.format(limit) + "; stopped it and its child processes]");
            return new CommandOutcome(Optional.empty(),
                    Optional.of(phase + " timed out after " + Elapsed.format(limit)));
        }
        awaitOutput(drain, output);
        int code = process.exitValue();
        Duration took = Duration.between(start, clock.instant());
        return code == 0
                ? new CommandOutcome(Optional.of(0), Optional.empty())
                : new CommandOutcome(Optional.of(code), Optional.of(phase + " exited " + code + " after " + Elapsed.format(took)));
    }

    private static Thread drain(InputStream in, OutputTail output, HookPhase phase) {
        Thread t = new Thread(() -> {
            byte[] chunk = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    output.append(chunk, 0, n);
                }
            } catch (IOException e) {
                // The pipe closes when the process is killed; what was read is kept.
            }
        }, "rollgate-hook-" + phase.wireName() + "-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitOutput(Thread drain, OutputTail output) throws InterruptedException {
        drain.join(OUTPUT_GRACE.toMillis());
        if (drain.isAlive()) {
            output.appendLine("[output still open: a background process started by the hook holds it]");
        }
    }

    /**
     * Stops the process and every descendant. The descendants are listed first: once the shell dies its children
     * are re-parented and can no longer be found through it.
     */
    private static void killTree(Process process, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        if (!grace.isZero()) {
            process.destroy();
            tree.forEach(ProcessHandle::destroy);
            try {
                process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Killed for good below.
            }
        }
        // Children started during the grace period are found through those still alive.
        List<ProcessHandle> late = new ArrayList<>();
        for (ProcessHandle h : tree) {
            if (h.isAlive()) {
                h.descendants().forEach(late::add);
            }
        }
        tree.addAll(late);
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    private Optional<String> check(HookPhase phase, HttpCheckSpec check, Duration timeout, URI base, OutputTail output)
            throws InterruptedException {
        URI uri = HttpProbe.resolve(base, check.path());
        HttpProbe.Answer answer = probe.send(uri, check.httpMethod(), timeout);
        String request = check.httpMethod() + " " + check.path();
        String line = check.httpMethod() + " " + uri + " " + answer.describe() + " in " + Elapsed.format(answer.took());
        if (answer.status().isEmpty()) {
            output.appendLine(line);
            return Optional.of(phase + ": " + request + " failed: " + answer.error().orElseThrow());
        }
        int status = answer.status().get();
        if (status != check.expectedStatus()) {
            output.appendLine(line + " (expected " + check.expectedStatus() + ")");
            return Optional.of(phase + ": " + request + " answered " + status + ", expected " + check.expectedStatus());
        }
        if (check.contains().isPresent() && !answer.body().contains(check.contains().get())) {
            output.appendLine(line + " (body lacks \"" + check.contains().get() + "\")");
            return Optional.of(phase + ": " + request + " answered " + status + " without \"" + check.contains().get() + "\"");
        }
        output.appendLine(line);
        return Optional.empty();
    }
}
