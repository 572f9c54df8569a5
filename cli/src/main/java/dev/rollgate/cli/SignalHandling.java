package dev.rollgate.cli;

import dev.rollgate.driver.Interruption;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * SIGINT and SIGTERM while a rollout runs: ask the driver to stop ({@link Interruption#ABORT}: traffic back to
 * stable, then exit; {@link Interruption#LEAVE}: exit at once for {@code rollgate resume}), and let the command
 * finish normally, print its summary and exit 3.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported) through reflection, so the JVM does not start shutting
 * down and the command keeps its own exit code. Where that is not available, a shutdown hook stops the driver and
 * waits (at most {@link #HOOK_WAIT}) until the command has finished, then ends the JVM with the command's code.
 */
public final class SignalHandling implements AutoCloseable {

    static final Duration HOOK_WAIT = Duration.ofSeconds(60);

    private final Consumer<Interruption> stop;
    private final Interruption how;
    private final PrintWriter err;
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final List<Runnable> restore = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicInteger exitCode = new AtomicInteger(ExitCode.ROLLED_BACK.code());
    private Thread hook;
    private boolean viaSignals;

    private SignalHandling(Consumer<Interruption> stop, Interruption how, PrintWriter err) {
        this.stop = stop;
        this.how = how;
        this.err = err;
    }

    /** Installs the handlers until {@link #close}. {@code stop} is called from the signal's thread. */
    public static SignalHandling install(Consumer<Interruption> stop, Interruption how, PrintWriter err) {
        SignalHandling h = new SignalHandling(stop, how, err);
        h.viaSignals = h.installSignals();
        if (!h.viaSignals) {
            h.installHook();
        }
        return h;
    }

    /** Whether a signal arrived: the command then exits 3 whatever the rollout's phase. */
    public boolean interrupted() {
        return interrupted.get();
    }

    /** Whether real signal handlers are in place (else a shutdown hook stands in). */
    boolean viaSignals() {
        return viaSignals;
    }

    /** The command is done (summary printed) and ends with {@code code}. */
    public void finished(int code) {
        exitCode.set(code);
        finished.countDown();
    }

    /** Simulates a signal, for tests and for the shutdown-hook path. */
    void signal(String name) {
        if (interrupted.getAndSet(true)) {
            err.println("rollgate: " + name + " again: still stopping safely, please wait");
            err.flush();
            return;
        }
        err.println("rollgate: " + name + " received: " + (how == Interruption.ABORT
                ? "aborting the rollout safely (traffic back to stable), then exiting"
                : "leaving the rollout as it is; carry on with rollgate resume"));
        err.flush();
        stop.accept(how);
    }

    @Override
    public void close() {
        finished.countDown();
        restore.forEach(Runnable::run);
        restore.clear();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Shutting down already: the hook is running and waits for finished().
            }
        }
    }

    private boolean installSignals() {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Method getName = signalClass.getMethod("getName");
            InvocationHandler onSignal = (proxy, method, args) -> {
                switch (method.getName()) {
                    case "handle":
                        signal("SIG" + getName.invoke(args[0]));
                        return null;
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    default:
                        return "rollgate signal handler";
                }
            };
            Object handler = Proxy.newProxyInstance(SignalHandling.class.getClassLoader(),
                    new Class<?>[] {handlerClass}, onSignal);
            for (String name : new String[] {"INT", "TERM"}) {
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                Object previous = handle.invoke(null, signal, handler);
                restore.add(() -> {
                    try {
                        handle.invoke(null, signal, previous);
                    } catch (ReflectiveOperationException e) {
                        // Restoring is best effort: the process is about to end anyway.
                    }
                });
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            restore.forEach(Runnable::run);
            restore.clear();
            return false;
        }
    }

    private void installHook() {
        hook = new Thread(() -> {
            signal("signal");
            try {
                if (finished.await(HOOK_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    Runtime.getRuntime().halt(exitCode.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rollgate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }
}
