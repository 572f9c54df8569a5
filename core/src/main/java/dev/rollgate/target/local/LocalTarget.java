package dev.rollgate.target.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.rollgate.target.Target;
import dev.rollgate.target.TargetException;
import dev.rollgate.target.TrafficRouter;
import dev.rollgate.target.TrafficSplit;
import dev.rollgate.target.Workload;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code local} target, client side: runs a service's versions as processes on this host behind the built-in
 * weighted router, by talking to the service's <b>local agent</b> ({@link LocalAgentMain}), a separate
 * long-running process that owns the router and the instances. The CLI that holds a {@code LocalTarget} may be
 * killed at any moment; the agent, and with it the traffic split users see, stays, and the next CLI finds it
 * again through {@code agent.json} in the agent directory.
 *
 * <pre>{@code
 * Path dir = LocalTarget.directory(stateDir, "shop", "prod", Optional.empty());
 * LocalTarget local = LocalTarget.attach(dir, spec, configDirectory);  // finds the agent or starts it
 * local.scale("v2", 2);
 * local.route(new TrafficSplit(Optional.of("v1"), Optional.of("v2"), 20));
 * MetricSample s = local.metrics().measure(query);
 * local.shutdown();                                                    // agent and instances gone
 * }</pre>
 *
 * <p>Every operation is idempotent and answered by the agent from what is running. Failures are
 * {@link TargetException}s: transient when the agent is unreachable or an instance was slow to start, permanent
 * when repeating cannot help (an instance that exits at once, routing traffic to a version without instances).
 * Tests make operations fail on purpose with {@link #injectFaults}.
 */
public final class LocalTarget implements Workload, TrafficRouter {

    /** How long a started agent may take to answer. */
    static final Duration AGENT_START_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Patience for route calls: they queue behind a scale that may be waiting for instances to start, and giving up
     * early would only leave the call queued in the agent.
     */
    private static final Duration MUTATION_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    /** Within one JVM the file lock cannot exclude a second thread (it would throw instead), so this does. */
    private static final Object LAUNCH = new Object();

    private final Path dir;
    private final Optional<LocalTargetSpec> spec;
    private final Path configDirectory;
    private final HttpClient http;
    private volatile AgentClient agent;
    private final LocalMetricProvider metrics;

    private LocalTarget(Path dir, Optional<LocalTargetSpec> spec, Path configDirectory, HttpClient http, Clock clock,
                        AgentClient agent) {
        this.dir = dir;
        this.spec = spec;
        this.configDirectory = configDirectory;
        this.http = http;
        this.agent = agent;
        this.metrics = new LocalMetricProvider(this::client, clock);
    }

    /**
     * The agent directory of a service in an environment (and region): {@code stateDir/local/service/environment[/region]}.
     */
    public static Path directory(Path stateDir, String service, String environment, Optional<String> region) {
        Path d = stateDir.resolve("local").resolve(segment("service", service)).resolve(segment("environment", environment));
        return region.map(r -> d.resolve(segment("region", r))).orElse(d).toAbsolutePath().normalize();
    }

    /**
     * Attaches to the agent of {@code dir}, starting it (detached, logging to {@code agent.log} there) if none is
     * running. A started agent's router listens on the spec's {@code listen} address.
     *
     * @param configDirectory where relative {@code workingDirectory}s start: the directory of rollgate.yaml
     */
    public static LocalTarget attach(Path dir, LocalTargetSpec spec, Path configDirectory) throws TargetException {
        return attach(dir, spec, configDirectory, Clock.systemUTC());
    }

    public static LocalTarget attach(Path dir, LocalTargetSpec spec, Path configDirectory, Clock clock)
            throws TargetException {
        Objects.requireNonNull(spec, "spec");
        Path d = dir.toAbsolutePath().normalize();
        HttpClient http = newHttpClient();
        AgentProtocol.Info info = findOrLaunch(d, spec, http);
        var listen = spec.listenAddress();
        if (listen.getPort() != 0 && (listen.getPort() != info.routerPort()
                || !listen.getHostString().equals(info.routerHost()))) {
            // Silently keeping the old address would leave users on a port the configuration no longer names.
            throw TargetException.permanentFailure("the local agent in " + d + " routes on " + info.routerHost() + ":"
                    + info.routerPort() + " but listen is now " + listen.getHostString() + ":" + listen.getPort()
                    + "; stop the agent and its instances first to move the router");
        }
        return new LocalTarget(d, Optional.of(spec), configDirectory.toAbsolutePath().normalize(), http,
                Objects.requireNonNull(clock, "clock"), new AgentClient(info, http));
    }

    /**
     * Attaches to a running agent without ever starting one, e.g. for {@code status}: empty if none runs. The
     * result reads (instances, routes, metrics) and can route and shut down, but cannot {@link #scale} up, since
     * it does not know the command.
     */
    public static Optional<LocalTarget> attachOnly(Path dir) {
        return attachOnly(dir, Clock.systemUTC());
    }

    public static Optional<LocalTarget> attachOnly(Path dir, Clock clock) {
        Path d = dir.toAbsolutePath().normalize();
        HttpClient http = newHttpClient();
        return findLive(d, http).map(info -> new LocalTarget(d, Optional.empty(), d, http, clock,
                new AgentClient(info, http)));
    }

    /**
     * Stops the agent of {@code dir} and every instance it runs, waiting until they are gone; also stops instances
     * left behind by an agent that died. Returns false if there was nothing to stop. Safe to call repeatedly.
     */
    public static boolean shutdown(Path dir) throws TargetException {
        Path d = dir.toAbsolutePath().normalize();
        HttpClient http = newHttpClient();
        boolean any = false;
        Optional<AgentProtocol.Info> live = findLive(d, http);
        if (live.isPresent()) {
            any = true;
            AgentProtocol.Info info = live.get();
            try {
                new AgentClient(info, http).post("/admin/shutdown", Map.of(), AgentProtocol.Info.class,
                        AgentClient.QUICK);
            } catch (TargetException e) {
                // It may have died just now; the checks below clean up either way.
            }
            Optional<ProcessHandle> process = ProcessHandle.of(info.pid());
            if (process.isPresent() && !awaitExit(process.get(), SHUTDOWN_TIMEOUT)) {
                process.get().destroyForcibly();
                awaitExit(process.get(), SHUTDOWN_TIMEOUT);
            }
        } else {
            Optional<ProcessHandle> hung = unresponsiveAgent(d);
            if (hung.isPresent()) {
                // Alive but not answering (hung, or stopped with SIGSTOP): it cannot be asked, so it is killed.
                any = true;
                hung.get().destroyForcibly();
                awaitExit(hung.get(), SHUTDOWN_TIMEOUT);
            }
        }
        // An agent killed with -9 leaves its instances (and files) behind: stop what its state still lists.
        Path stateFile = d.resolve(AgentProtocol.STATE_FILE);
        if (Files.exists(stateFile)) {
            try {
                AgentProtocol.State state = AgentProtocol.JSON.readValue(stateFile.toFile(), AgentProtocol.State.class);
                List<ProcessHandle> orphans = new ArrayList<>();
                for (AgentProtocol.Instance i : state.instances()) {
                    Processes.live(i.pid(), i.processStart()).ifPresent(orphans::add);
                }
                any |= !orphans.isEmpty();
                Processes.killTrees(orphans);
                Files.deleteIfExists(stateFile);
            } catch (IOException e) {
                throw TargetException.transientFailure("cannot read " + stateFile + " to stop leftover instances: "
                        + e.getMessage(), e);
            }
        }
        try {
            Files.deleteIfExists(d.resolve(AgentProtocol.INFO_FILE));
        } catch (IOException e) {
            throw TargetException.transientFailure("cannot remove " + d.resolve(AgentProtocol.INFO_FILE), e);
        }
        return any;
    }

    /** The process {@code agent.json} names, if it lives and is the agent of {@code dir} (not a reused pid). */
    private static Optional<ProcessHandle> unresponsiveAgent(Path dir) {
        try {
            Path file = dir.resolve(AgentProtocol.INFO_FILE);
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            AgentProtocol.Info info = AgentProtocol.JSON.readValue(file.toFile(), AgentProtocol.Info.class);
            return ProcessHandle.of(info.pid()).filter(ProcessHandle::isAlive).filter(h -> {
                String line = h.info().commandLine().orElse("");
                return line.contains(LocalAgentMain.class.getName()) && line.contains(dir.toString());
            });
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Stops this target's agent and all its instances (see {@link #shutdown(Path)}). */
    public void shutdown() throws TargetException {
        shutdown(dir);
    }

    /** This target as the rollout engine takes it. */
    public Target target(String region) {
        return new Target(region, this, this, metrics);
    }

    /** Measures from the router's counters; one provider per target, keeping its own reading history. */
    public LocalMetricProvider metrics() {
        return metrics;
    }

    /** Arms failures in the agent (replacing those armed before); {@link LocalTargetFaults#NONE} disarms. */
    public void injectFaults(LocalTargetFaults faults) throws TargetException {
        call(a -> a.post("/admin/faults", faults, LocalTargetFaults.class, AgentClient.QUICK));
    }

    /** The agent's process id. */
    public long agentPid() {
        return agent.info().pid();
    }

    /** The agent's process, while it runs (tests use it to kill the agent or to list its instances). */
    ProcessHandle agentProcess() {
        long pid = agent.info().pid();
        return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("agent " + pid + " is not running"));
    }

    /** The agent directory (state, logs). */
    public Path directory() {
        return dir;
    }

    // ---------------------------------------------------------------- Workload

    @Override
    public void scale(String version, int replicas) throws TargetException {
        Objects.requireNonNull(version, "version");
        if (replicas < 0 || replicas > LocalAgent.MAX_REPLICAS) {
            throw new IllegalArgumentException("replicas must be between 0 and " + LocalAgent.MAX_REPLICAS
                    + ", but was " + replicas);
        }
        AgentProtocol.ScaleRequest request;
        Duration timeout;
        if (spec.isPresent()) {
            LocalTargetSpec s = spec.get();
            request = new AgentProtocol.ScaleRequest(version, replicas, s.command(),
                    s.workingDirectoryIn(configDirectory).toString(), s.environment(),
                    s.startTimeoutOrDefault().toMillis());
            timeout = MUTATION_TIMEOUT.plus(s.startTimeoutOrDefault());
        } else {
            // Attached without a spec: stopping needs no command; starting is refused by the agent.
            request = new AgentProtocol.ScaleRequest(version, replicas, null, null, Map.of(), 1);
            timeout = MUTATION_TIMEOUT;
        }
        call(a -> a.post("/admin/scale", request, AgentProtocol.State.class, timeout));
    }

    @Override
    public List<URI> instances(String version) throws TargetException {
        AgentProtocol.State state = state();
        List<URI> uris = new ArrayList<>();
        for (AgentProtocol.Instance i : state.instances()) {
            if (i.version().equals(version)) {
                uris.add(URI.create("http://127.0.0.1:" + i.port() + "/"));
            }
        }
        return List.copyOf(uris);
    }

    @Override
    public Map<String, Integer> running() throws TargetException {
        Map<String, Integer> counts = new TreeMap<>();
        for (AgentProtocol.Instance i : state().instances()) {
            counts.merge(i.version(), 1, Integer::sum);
        }
        return Map.copyOf(counts);
    }

    // ---------------------------------------------------------------- TrafficRouter

    @Override
    public void route(TrafficSplit split) throws TargetException {
        AgentProtocol.Route r = new AgentProtocol.Route(split.stable().orElse(null), split.canary().orElse(null),
                split.canaryWeight());
        call(a -> a.post("/admin/route", r, AgentProtocol.State.class, MUTATION_TIMEOUT));
    }

    /**
     * The split in force. Before anything was ever routed there is none, which {@link TrafficSplit} cannot
     * express: this then fails permanently; {@link #routed()} answers empty instead.
     */
    @Override
    public TrafficSplit current() throws TargetException {
        return routed().orElseThrow(() -> TargetException.permanentFailure("nothing has been routed yet through the"
                + " local router at " + address()));
    }

    /** The split in force, or empty if nothing has been routed since the agent directory was created. */
    public Optional<TrafficSplit> routed() throws TargetException {
        AgentProtocol.Route r = state().route();
        if (r == null) {
            return Optional.empty();
        }
        return Optional.of(new TrafficSplit(Optional.ofNullable(r.stable()), Optional.ofNullable(r.canary()),
                r.canaryWeight()));
    }

    @Override
    public URI address() {
        AgentProtocol.Info info = agent.info();
        String host = info.routerHost().contains(":") ? "[" + info.routerHost() + "]" : info.routerHost();
        return URI.create("http://" + host + ":" + info.routerPort() + "/");
    }

    // ---------------------------------------------------------------- plumbing

    private AgentProtocol.State state() throws TargetException {
        return call(a -> a.get("/admin/state", AgentProtocol.State.class, AgentClient.QUICK));
    }

    @FunctionalInterface
    private interface AgentCall<T> {
        T apply(AgentClient agent) throws TargetException;
    }

    /**
     * Runs a call; if the agent has gone away meanwhile (killed, machine restarted), a target with a spec starts
     * a new one, which re-adopts surviving instances and the route from disk, and tries once more.
     */
    private <T> T call(AgentCall<T> op) throws TargetException {
        AgentClient a = agent;
        try {
            return op.apply(a);
        } catch (TargetException e) {
            if (!e.retryable() || isAlive(a)) {
                throw e;
            }
            if (spec.isEmpty()) {
                throw TargetException.transientFailure("the local agent (pid " + a.info().pid() + ") is gone; " + e.getMessage(), e);
            }
            agent = new AgentClient(findOrLaunch(dir, spec.get(), http), http);
            return op.apply(agent);
        }
    }

    /** The client the metric provider uses: the current one, reconnecting like {@link #call} would. */
    private AgentClient client() throws TargetException {
        AgentClient a = agent;
        if (isAlive(a) || spec.isEmpty()) {
            return a;
        }
        Optional<AgentProtocol.Info> live = findLive(dir, http);
        if (live.isPresent()) {
            agent = new AgentClient(live.get(), http);
        }
        return agent;
    }

    private static boolean isAlive(AgentClient a) {
        return ProcessHandle.of(a.info().pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    private static AgentProtocol.Info findOrLaunch(Path dir, LocalTargetSpec spec, HttpClient http)
            throws TargetException {
        synchronized (LAUNCH) {
            try {
                Processes.createDirectories(dir);
                try (FileChannel channel = FileChannel.open(dir.resolve(AgentProtocol.LAUNCH_LOCK_FILE),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    // Another CLI process may be starting an agent for the same directory right now.
                    FileLock held = channel.lock();
                    try {
                        Optional<AgentProtocol.Info> live = findLive(dir, http);
                        if (live.isPresent()) {
                            return live.get();
                        }
                        if (agentLockHeld(dir)) {
                            // An agent is starting (its launcher may have been killed before it answered): wait for it.
                            return awaitAgent(dir, http, Optional.empty());
                        }
                        return launch(dir, spec, http);
                    } finally {
                        held.release();
                    }
                }
            } catch (IOException e) {
                throw TargetException.transientFailure("cannot start the local agent in " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    /** The agent that {@code agent.json} names, if its process lives and it answers with its token. */
    static Optional<AgentProtocol.Info> findLive(Path dir, HttpClient http) {
        Path file = dir.resolve(AgentProtocol.INFO_FILE);
        AgentProtocol.Info info;
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            info = AgentProtocol.JSON.readValue(file.toFile(), AgentProtocol.Info.class);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (ProcessHandle.of(info.pid()).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                AgentProtocol.Info answered = new AgentClient(info, http).get("/admin/ping", AgentProtocol.Info.class,
                        Duration.ofSeconds(5));
                if (answered.pid() == info.pid()) {
                    return Optional.of(info);
                }
            } catch (TargetException e) {
                // Not answering: treated as not running.
            }
        }
        return Optional.empty();
    }

    private static AgentProtocol.Info launch(Path dir, LocalTargetSpec spec, HttpClient http)
            throws IOException, TargetException {
        Files.deleteIfExists(dir.resolve(AgentProtocol.INFO_FILE));
        var listen = spec.listenAddress();
        String host = listen.getHostString().contains(":") ? "[" + listen.getHostString() + "]" : listen.getHostString();
        List<String> command = new ArrayList<>();
        setsid().ifPresent(command::add);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx256m", "-cp", classPath(),
                LocalAgentMain.class.getName(), "--dir", dir.toString(), "--listen", host + ":" + listen.getPort()));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(AgentProtocol.LOG_FILE).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        return awaitAgent(dir, http, Optional.of(p));
    }

    /** Waits until an agent answers in {@code dir}; {@code started} is the process just launched, if any. */
    private static AgentProtocol.Info awaitAgent(Path dir, HttpClient http, Optional<Process> started)
            throws TargetException {
        Path log = dir.resolve(AgentProtocol.LOG_FILE);
        long deadline = System.nanoTime() + AGENT_START_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() - deadline < 0) {
                if (started.isPresent() && started.get().waitFor(50, TimeUnit.MILLISECONDS)) {
                    Optional<AgentProtocol.Info> other = findLive(dir, http);
                    if (other.isPresent()) {
                        return other.get(); // lost a race with another launcher; its agent is as good
                    }
                    throw TargetException.permanentFailure("the local agent exited with code "
                            + started.get().exitValue() + " while starting; last lines of " + log + ":\n"
                            + Processes.tail(log, 10));
                }
                if (started.isEmpty()) {
                    TimeUnit.MILLISECONDS.sleep(50); // polling another process's start-up; no decision waits on it
                }
                Optional<AgentProtocol.Info> live = findLive(dir, http);
                if (live.isPresent()) {
                    return live.get();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        started.ifPresent(p -> Processes.killTrees(List.of(p.toHandle())));
        throw TargetException.transientFailure("the local agent did not answer within " + AGENT_START_TIMEOUT.toSeconds()
                + " s; see " + log);
    }

    /** Whether some process (an agent, maybe still starting) holds the directory's agent lock. */
    private static boolean agentLockHeld(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir.resolve(AgentProtocol.AGENT_LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        }
    }

    /** setsid puts the agent in a session of its own, so a Ctrl-C or hang-up aimed at the CLI spares it. */
    private static Optional<String> setsid() {
        for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The agent's class path: where this class and Jackson were loaded from (works from a fat jar and from Maven's
     * output folders alike), falling back to this JVM's class path.
     */
    static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(LocalAgentMain.class, JsonMapper.class, JsonFactory.class,
                com.fasterxml.jackson.annotation.JsonProperty.class, Jdk8Module.class)) {
            try {
                var source = c.getProtectionDomain().getCodeSource();
                if (source == null || source.getLocation() == null) {
                    return System.getProperty("java.class.path");
                }
                entries.add(Path.of(source.getLocation().toURI()).toString());
            } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
                return System.getProperty("java.class.path");
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static HttpClient newHttpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();
    }

    private static boolean awaitExit(ProcessHandle p, Duration timeout) {
        try {
            p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !p.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    private static String segment(String what, String name) {
        Objects.requireNonNull(name, what);
        if (name.isBlank() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException(what + " '" + name + "' cannot name a directory");
        }
        return name;
    }
}
