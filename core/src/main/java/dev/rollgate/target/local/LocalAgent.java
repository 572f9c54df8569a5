package dev.rollgate.target.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rollgate.state.file.DurableFiles;
import dev.rollgate.target.TargetException;
import dev.rollgate.target.TrafficSplit;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The local agent: a long-running process that owns the {@link WeightedHttpRouter} and the application instances
 * of one service in one environment (and region), and takes orders over a small admin HTTP API on 127.0.0.1
 * (see {@link AgentProtocol}). It lives apart from the CLI so that killing the CLI at any moment changes nothing
 * users see, and a new CLI simply finds the agent again.
 *
 * <p>Its state (instances with ports and pids, the route) is rewritten atomically to {@code state.json} after
 * every change. A restarted agent re-adopts the instances that are still alive (same pid, same process start
 * time, port still answering) and puts the route back, so even losing the agent loses no traffic split.
 * Admin operations are serialized by one lock; reads ({@code state}, {@code stats}) never wait for them.
 */
final class LocalAgent {

    /** Upper bound of replicas per version the agent accepts (the spec allows fewer). */
    static final int MAX_REPLICAS = 100;

    private static final Duration READY_POLL = Duration.ofMillis(100);
    private static final Duration CONNECT_CHECK = Duration.ofMillis(200);
    /** Readings kept: analysis looks back one interval, so this is plenty, and memory stays bounded. */
    private static final int READINGS = 256;
    /** How often the agent looks for instances that died, so the router stops sending them requests. */
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

    private final Path dir;
    private final Clock clock;
    private final PrintStream log;
    private final InetSocketAddress listen;
    private final String token;
    /** Fair, so queued admin operations run in the order they arrived. */
    private final ReentrantLock lock = new ReentrantLock(true);
    /**
     * Counts the changes (scale, route) as they arrive, before they wait for {@link #lock}. A new change while a
     * scale still waits for its instances means the one who asked for that scale stopped waiting: one driver holds
     * an environment (the environment lock), and it calls again only after its call returned or was interrupted,
     * e.g. by an abort. So the start gives up at once (its instances are stopped) instead of holding the lock for
     * the rest of its start timeout, which an abort in a CI job does not have.
     */
    private final java.util.concurrent.atomic.AtomicLong arrivals = new java.util.concurrent.atomic.AtomicLong();

    /** Ready instances per version, in start order. Guarded by {@link #lock}. */
    private final Map<String, List<Running>> instances = new LinkedHashMap<>();
    /** Guarded by {@link #lock}; null before the first route. */
    private AgentProtocol.Route route;
    /**
     * Written under {@link #lock}; read without it by {@code stats}. Created by the first route, since a router
     * cannot exist without weights.
     */
    private volatile WeightedHttpRouter router;
    private volatile String epoch = "none";
    private volatile Instant countingSince;
    private volatile AgentProtocol.State published;
    private volatile LocalTargetFaults faults = LocalTargetFaults.NONE;

    /** Labelled readings of the counters, oldest first; see {@link #reading}. */
    private final Deque<Reading> readings = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rollgate-agent-watchdog");
        t.setDaemon(true);
        return t;
    });
    private FileChannel lockChannel;
    private HttpServer admin;
    private ExecutorService adminThreads;
    private AgentProtocol.Info info;

    /**
     * One instance. {@code family} remembers the processes below the root (the shell's children): if the root dies
     * alone (someone killed the shell), they are re-parented out of its tree and could only be found this way.
     */
    private record Running(String version, int port, ProcessHandle process, String processStart, Path log,
                           Set<ProcessHandle> family) {
        Running(String version, int port, ProcessHandle process, String processStart, Path log) {
            this(version, port, process, processStart, log, ConcurrentHashMap.newKeySet());
        }

        AgentProtocol.Instance toJson() {
            return new AgentProtocol.Instance(version, port, process.pid(), processStart, log.toString());
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }

        void rememberFamily() {
            family.removeIf(h -> !h.isAlive());
            process.descendants().forEach(family::add);
        }

        /** The root and whatever of its remembered family still lives: everything to stop. */
        List<ProcessHandle> tree() {
            List<ProcessHandle> all = new ArrayList<>();
            all.add(process);
            family.stream().filter(ProcessHandle::isAlive).forEach(all::add);
            return all;
        }
    }

    private record Reading(Instant at, String epoch, Map<String, AgentProtocol.Counters> versions) {
    }

    private LocalAgent(Path dir, Clock clock, PrintStream log, InetSocketAddress listen, String token) {
        this.dir = dir;
        this.clock = clock;
        this.log = log;
        this.listen = listen;
        this.token = token;
    }

    /**
     * Takes the directory's agent lock, restores the saved state, starts the admin API and writes
     * {@code agent.json}.
     *
     * @param requested where the router should listen; port 0 reuses the port of the saved state, or picks one
     * @throws IOException with a message for the log if another agent owns {@code dir} or the address is taken
     */
    static LocalAgent start(Path dir, InetSocketAddress requested, Clock clock, PrintStream log) throws IOException {
        Processes.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(AgentProtocol.AGENT_LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = lockChannel.tryLock();
        if (held == null) {
            lockChannel.close();
            throw new IOException("another local agent already runs for " + dir);
        }
        try {
            Optional<AgentProtocol.State> saved = readState(dir, log);
            int port = requested.getPort();
            if (port == 0) {
                port = saved.map(AgentProtocol.State::listenPort).filter(p -> p > 0).orElse(Processes.freePort());
            }
            InetSocketAddress listen = new InetSocketAddress(requested.getHostString(), port);
            if (listen.isUnresolved()) {
                throw new IOException("cannot resolve the router's host " + requested.getHostString());
            }
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            LocalAgent agent = new LocalAgent(dir, clock, log, listen, HexFormat.of().formatHex(secret));
            agent.lockChannel = lockChannel;
            agent.restore(saved);
            agent.startAdmin();
            agent.watchdog.scheduleWithFixedDelay(agent::pruneWhenIdle, WATCH_INTERVAL.toMillis(),
                    WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            return agent;
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
    }

    /** Blocks until a shutdown request has been carried out. */
    void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    // ---------------------------------------------------------------- start-up

    private static Optional<AgentProtocol.State> readState(Path dir, PrintStream log) {
        Path file = dir.resolve(AgentProtocol.STATE_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(AgentProtocol.JSON.readValue(file.toFile(), AgentProtocol.State.class));
        } catch (IOException e) {
            log.println("ignoring unreadable " + file + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private void restore(Optional<AgentProtocol.State> saved) throws IOException {
        lock.lock();
        try {
            if (saved.isPresent()) {
                for (AgentProtocol.Instance i : saved.get().instances()) {
                    Optional<ProcessHandle> h = Processes.live(i.pid(), i.processStart());
                    if (h.isPresent() && Processes.accepts("127.0.0.1", i.port(), CONNECT_CHECK)) {
                        Running r = new Running(i.version(), i.port(), h.get(), i.processStart(), Path.of(i.log()));
                        r.rememberFamily();
                        instances.computeIfAbsent(i.version(), v -> new ArrayList<>()).add(r);
                        say("re-adopted instance of " + i.version() + " on port " + i.port() + " (pid " + i.pid() + ")");
                    } else {
                        h.ifPresent(p -> Processes.killTrees(List.of(p)));
                        say("instance of " + i.version() + " on port " + i.port() + " (pid " + i.pid() + ") is gone");
                    }
                }
                route = saved.get().route();
            }
            if (route != null) {
                // Put the split back as it was, even if a version lost its instances meanwhile: its share then gets
                // 503s, which is what is true, and the rollout's next action repairs it.
                try {
                    installRoute(route);
                } catch (TargetException e) {
                    throw new IOException(e.getMessage(), e);
                }
            } else {
                // Fail now, not at the first route, if the address is unusable.
                try (ServerSocket probe = new ServerSocket()) {
                    probe.setReuseAddress(true);
                    probe.bind(listen);
                } catch (IOException e) {
                    throw new IOException("cannot listen on " + listen + ": " + e.getMessage(), e);
                }
            }
            persist(List.of());
        } finally {
            lock.unlock();
        }
    }

    private void startAdmin() throws IOException {
        admin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
        adminThreads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "rollgate-agent-admin");
            t.setDaemon(true);
            return t;
        });
        admin.setExecutor(adminThreads);
        admin.createContext("/admin/", this::handle);
        admin.start();
        info = new AgentProtocol.Info(ProcessHandle.current().pid(), admin.getAddress().getPort(), token,
                listen.getHostString(), listen.getPort(), clock.instant().toString());
        DurableFiles.replaceAtomically(dir.resolve(AgentProtocol.INFO_FILE), AgentProtocol.JSON.writeValueAsBytes(info));
        say("agent pid " + info.pid() + " admin 127.0.0.1:" + info.adminPort() + " router " + listen);
    }

    // ---------------------------------------------------------------- admin API

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String got = x.getRequestHeaders().getFirst(AgentProtocol.TOKEN_HEADER);
            if (got == null || !MessageDigest.isEqual(got.getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8))) {
                send(x, 401, new AgentProtocol.Failure("missing or wrong " + AgentProtocol.TOKEN_HEADER, false));
                return;
            }
            String op = x.getRequestMethod() + " " + x.getRequestURI().getPath();
            byte[] body;
            try (InputStream in = x.getRequestBody()) {
                body = in.readAllBytes();
            }
            try {
                switch (op) {
                    case "GET /admin/ping" -> send(x, 200, info);
                    case "GET /admin/state" -> send(x, 200, state());
                    case "GET /admin/stats" -> send(x, 200, stats());
                    case "POST /admin/readings" -> send(x, 200, reading(read(body, AgentProtocol.ReadingRequest.class)));
                    case "POST /admin/scale" -> send(x, 200, scale(read(body, AgentProtocol.ScaleRequest.class)));
                    case "POST /admin/route" -> send(x, 200, route(read(body, AgentProtocol.Route.class)));
                    case "POST /admin/faults" -> {
                        faults = read(body, LocalTargetFaults.class);
                        say("faults armed: " + faults);
                        send(x, 200, faults);
                    }
                    case "POST /admin/shutdown" -> {
                        send(x, 202, info);
                        Thread t = new Thread(this::shutdown, "rollgate-agent-shutdown");
                        t.start();
                    }
                    default -> send(x, 404, new AgentProtocol.Failure("no admin operation " + op, false));
                }
            } catch (TargetException e) {
                send(x, e.retryable() ? 503 : 409, new AgentProtocol.Failure(e.getMessage(), e.retryable()));
            } catch (IllegalArgumentException e) {
                send(x, 400, new AgentProtocol.Failure(e.getMessage(), false));
            } catch (IOException | RuntimeException e) {
                say("admin " + op + " failed: " + e);
                send(x, 500, new AgentProtocol.Failure(op + " failed in the agent: " + e, true));
            }
        }
    }

    private static <T> T read(byte[] body, Class<T> type) {
        try {
            return AgentProtocol.JSON.readValue(body, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("bad request body: " + e.getMessage(), e);
        }
    }

    private static void send(HttpExchange x, int status, Object value) throws IOException {
        byte[] bytes = AgentProtocol.JSON.writeValueAsBytes(value);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    // ---------------------------------------------------------------- operations

    /** The published state without instances that died since it was published. */
    private AgentProtocol.State state() {
        AgentProtocol.State s = published;
        List<AgentProtocol.Instance> alive = s.instances().stream()
                .filter(i -> ProcessHandle.of(i.pid()).map(ProcessHandle::isAlive).orElse(false))
                .toList();
        return new AgentProtocol.State(s.listenHost(), s.listenPort(), s.route(), alive);
    }

    private AgentProtocol.Stats stats() throws TargetException {
        if (takeFault(Fault.STATS)) {
            throw TargetException.transientFailure("injected fault: stats unavailable");
        }
        // No lock: a scale may hold it for its whole start timeout. The epoch is published before the router.
        WeightedHttpRouter r = router;
        String e = epoch;
        Instant since = countingSince;
        Map<String, AgentProtocol.Counters> versions = new LinkedHashMap<>();
        if (r != null) {
            r.snapshot().versions().forEach((v, s) -> versions.put(v, AgentProtocol.Counters.of(s)));
        }
        return new AgentProtocol.Stats(e, since == null ? null : since.toString(), versions);
    }

    /**
     * Records the counters under {@code at} and answers them with the latest earlier reading labelled at or before
     * {@code since}. Kept here rather than in the client, so a CLI that was killed and restarted measures its next
     * window from the reading its predecessor took.
     */
    private AgentProtocol.Window reading(AgentProtocol.ReadingRequest req) throws TargetException {
        Instant at;
        Instant since;
        try {
            at = Instant.parse(req.at());
            since = Instant.parse(req.since());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("readings: at and since must be instants, but were " + req);
        }
        AgentProtocol.Stats now = stats();
        synchronized (readings) {
            Reading base = null;
            for (Iterator<Reading> it = readings.descendingIterator(); it.hasNext(); ) {
                Reading r = it.next();
                if (!r.at().isAfter(since) && r.epoch().equals(now.epoch())) {
                    base = r;
                    break;
                }
            }
            readings.addLast(new Reading(at, now.epoch(), now.versions()));
            while (readings.size() > READINGS) {
                readings.removeFirst();
            }
            return new AgentProtocol.Window(now.epoch(), now.countingSince(), now.versions(),
                    base == null ? null : base.at().toString(), base == null ? null : base.versions());
        }
    }

    private AgentProtocol.State scale(AgentProtocol.ScaleRequest req) throws TargetException, IOException {
        String version = req.version();
        if (version == null) {
            throw new IllegalArgumentException("scale: version is missing");
        }
        Weights.all(version); // the router's rules for version names
        if (req.replicas() < 0 || req.replicas() > MAX_REPLICAS) {
            throw new IllegalArgumentException("scale: replicas must be between 0 and " + MAX_REPLICAS + ", but was "
                    + req.replicas());
        }
        long arrival = arrivals.incrementAndGet();
        lock.lock();
        try {
            LocalTargetFaults f = faults;
            if (f.failScaleOf().isPresent() && f.failScaleOf().get().equals(version)) {
                throw TargetException.permanentFailure("injected fault: scaling " + version + " fails permanently");
            }
            if (takeFault(Fault.SCALE)) {
                throw TargetException.transientFailure("injected fault: scale of " + version + " failed");
            }
            pruneDead();
            List<Running> current = new ArrayList<>(instances.getOrDefault(version, List.of()));
            int weight = weightOf(version);
            if (req.replicas() == 0 && weight > 0) {
                // The recreate strategy does exactly this on purpose: its share is answered 503 until the new
                // version takes the traffic. Every other plan routes a version to 0% before stopping it.
                say("stopping every instance of " + version + " while it has " + weight + "% of the traffic: that share "
                        + "is answered 503 until it is routed elsewhere");
            }
            if (current.size() > req.replicas()) {
                List<Running> stop = new ArrayList<>(current.subList(req.replicas(), current.size()));
                setInstances(version, current.subList(0, req.replicas()));
                persist(List.of());
                Processes.killTrees(stop.stream().flatMap(r -> r.tree().stream()).toList());
                say("stopped " + stop.size() + " instance(s) of " + version + "; " + req.replicas() + " left");
            } else if (current.size() < req.replicas()) {
                startInstances(req, req.replicas() - current.size(), arrival);
            }
            return published;
        } finally {
            lock.unlock();
        }
    }

    /** Starts {@code count} instances at once and waits for all of them; keeps the ones that came up. */
    /** Where the operating system hands out free ports; a seam for the test of {@link #instancePort}. */
    @FunctionalInterface
    interface PortSource {
        int next() throws IOException;
    }

    /** A free port from {@code ports} that is not in {@code taken}; adds it to {@code taken}. */
    static int instancePort(Set<Integer> taken, PortSource ports) throws IOException {
        int port;
        do {
            port = ports.next();
        } while (!taken.add(port));
        return port;
    }

    private void startInstances(AgentProtocol.ScaleRequest req, int count, long arrival)
            throws TargetException, IOException {
        String version = req.version();
        if (req.command() == null) {
            throw new IllegalArgumentException("scale: cannot start instances of " + version + " without a command"
                    + " (a client attached read-only can only scale down)");
        }
        if (!req.command().contains("{port}")) {
            throw new IllegalArgumentException("scale: command must contain {port}, but was " + req.command());
        }
        if (req.startTimeoutMillis() <= 0) {
            throw new IllegalArgumentException("scale: startTimeoutMillis must be positive");
        }
        Path workDir = Path.of(req.workingDirectory() == null ? "." : req.workingDirectory());
        if (!Files.isDirectory(workDir)) {
            throw TargetException.permanentFailure("working directory " + workDir + " of " + version
                    + " does not exist");
        }
        Path logDir = dir.resolve("instances");
        Processes.createDirectories(logDir);
        Set<Integer> taken = new java.util.HashSet<>();
        instances.values().forEach(l -> l.forEach(r -> taken.add(r.port())));
        // The router binds its port only at the first route, so the kernel may offer that port to an instance.
        taken.add(listen.getPort());

        List<Process> processes = new ArrayList<>();
        List<Running> starting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int port = instancePort(taken, Processes::freePort);
            String command = req.command().replace("{port}", Integer.toString(port)).replace("{version}", version);
            Path logFile = logDir.resolve(Processes.fileSafe(version) + "-" + port + ".log");
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (req.env() != null) {
                pb.environment().putAll(req.env());
            }
            pb.environment().put("ROLLGATE_VERSION", version);
            pb.environment().put("ROLLGATE_PORT", Integer.toString(port));
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                killAll(processes);
                throw TargetException.permanentFailure("cannot start an instance of " + version + " with /bin/sh -c "
                        + command + ": " + e.getMessage());
            }
            say("started " + version + " on port " + port + " (pid " + p.pid() + "): " + command);
            processes.add(p);
            starting.add(new Running(version, port, p.toHandle(), Processes.startOf(p.toHandle()).orElse(null),
                    logFile));
        }
        // On disk before waiting: an agent that dies now still finds (and re-adopts or kills) them.
        try {
            persist(starting);
        } catch (IOException e) {
            killAll(processes);
            throw e;
        }

        Instant deadline = clock.instant().plusMillis(req.startTimeoutMillis());
        List<Running> ready = new ArrayList<>();
        TargetException failure = null;
        for (int i = 0; i < starting.size(); i++) {
            Running r = starting.get(i);
            Process p = processes.get(i);
            TargetException problem = awaitReady(r, p, deadline, req.startTimeoutMillis(), arrival);
            if (problem == null) {
                r.rememberFamily();
                ready.add(r);
            } else {
                Processes.killTrees(List.of(p.toHandle()));
                if (failure == null || failure.retryable() && !problem.retryable()) {
                    failure = problem;
                }
            }
        }
        List<Running> all = new ArrayList<>(instances.getOrDefault(version, List.of()));
        all.addAll(ready);
        setInstances(version, all);
        persist(List.of());
        if (failure != null) {
            throw failure;
        }
    }

    private TargetException awaitReady(Running r, Process p, Instant deadline, long timeoutMillis, long arrival) {
        try {
            while (true) {
                if (arrivals.get() != arrival) {  // see arrivals
                    return TargetException.transientFailure("the start of " + r.version() + " on port " + r.port()
                            + " was abandoned: a newer request came in while it waited");
                }
                if (!p.isAlive()) {
                    String tail = Processes.tail(r.log(), 10);
                    return TargetException.permanentFailure("instance of " + r.version() + " on port " + r.port()
                            + " exited with code " + p.exitValue() + " while starting"
                            + (tail.isEmpty() ? " (no output)" : "; last lines of " + r.log() + ":\n" + tail));
                }
                if (Processes.accepts("127.0.0.1", r.port(), CONNECT_CHECK)) {
                    say(r.version() + " on port " + r.port() + " is up");
                    return null;
                }
                if (!clock.instant().isBefore(deadline)) {
                    return TargetException.transientFailure("instance of " + r.version() + " on port " + r.port()
                            + " did not accept connections within " + timeoutMillis + " ms; log: " + r.log());
                }
                p.waitFor(READY_POLL.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TargetException.transientFailure("interrupted while waiting for " + r.version() + " to start");
        }
    }

    private AgentProtocol.State route(AgentProtocol.Route req) throws TargetException, IOException {
        // TrafficSplit's own rules: weights 0-100, a stable unless the canary takes 100 %, two distinct versions.
        new TrafficSplit(Optional.ofNullable(req.stable()), Optional.ofNullable(req.canary()), req.canaryWeight());
        arrivals.incrementAndGet();
        lock.lock();
        try {
            if (takeFault(Fault.ROUTE)) {
                throw TargetException.transientFailure("injected fault: route " + describe(req) + " failed");
            }
            pruneDead();
            checkServed(weightsOf(req));
            installRoute(req);
            route = req;
            persist(List.of());
            say("route " + describe(req));
            return published;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses a split that sends traffic to a version without instances. */
    private void checkServed(Weights weights) throws TargetException {
        for (Map.Entry<String, Integer> e : weights.percent().entrySet()) {
            if (e.getValue() > 0 && instances.getOrDefault(e.getKey(), List.of()).isEmpty()) {
                throw TargetException.permanentFailure("cannot route " + e.getValue() + "% to " + e.getKey()
                        + ": it has no running instances; scale it up first");
            }
        }
    }

    /** Gives the router these weights, creating (and binding) it the first time. */
    private void installRoute(AgentProtocol.Route r) throws TargetException {
        Weights weights = weightsOf(r);
        if (router == null) {
            Map<String, List<InetSocketAddress>> backends = new LinkedHashMap<>();
            instances.forEach((v, list) -> backends.put(v, addresses(list)));
            weights.percent().keySet().forEach(v -> backends.putIfAbsent(v, List.of()));
            WeightedHttpRouter created = new WeightedHttpRouter(RouterConfig.defaults(listen), backends, weights);
            try {
                created.start();
            } catch (IOException e) {
                created.close();
                throw TargetException.permanentFailure("router: " + e.getMessage());
            }
            epoch = UUID.randomUUID().toString();
            countingSince = clock.instant();
            router = created;
        } else {
            Map<String, List<InetSocketAddress>> known = router.backends();
            for (String v : weights.percent().keySet()) {
                if (!known.containsKey(v)) {
                    router.setBackends(v, List.of());
                }
            }
            router.setWeights(weights);
        }
    }

    private static Weights weightsOf(AgentProtocol.Route r) {
        Map<String, Integer> m = new LinkedHashMap<>();
        if (r.stable() != null) {
            m.put(r.stable(), 100 - r.canaryWeight());
        }
        if (r.canary() != null) {
            m.put(r.canary(), r.canaryWeight());
        }
        return new Weights(m);
    }

    private int weightOf(String version) {
        return route == null ? 0 : weightsOf(route).of(version);
    }

    private static String describe(AgentProtocol.Route r) {
        return new TrafficSplit(Optional.ofNullable(r.stable()), Optional.ofNullable(r.canary()), r.canaryWeight())
                .toString();
    }

    /** Forgets instances whose process ended (crashed, killed by hand); the router stops sending them traffic. */
    private void pruneDead() throws IOException {
        boolean changed = false;
        for (String version : List.copyOf(instances.keySet())) {
            List<Running> list = instances.get(version);
            List<Running> alive = list.stream().filter(r -> r.process().isAlive()).toList();
            if (alive.size() != list.size()) {
                say((list.size() - alive.size()) + " instance(s) of " + version + " died");
                // Their children may live on, re-parented: stop them, or they would hold ports and memory unseen.
                Processes.killTrees(list.stream().filter(r -> !r.process().isAlive())
                        .flatMap(r -> r.tree().stream()).filter(ProcessHandle::isAlive).toList());
                setInstances(version, alive);
                changed = true;
            }
        }
        if (changed) {
            persist(List.of());
        }
    }

    /** The watchdog's round: skipped while an operation holds the lock (it prunes by itself when it starts). */
    private void pruneWhenIdle() {
        if (!lock.tryLock()) {
            return;
        }
        try {
            pruneDead();
            instances.values().forEach(l -> l.forEach(Running::rememberFamily));
        } catch (IOException | RuntimeException e) {
            say("watchdog: " + e);
        } finally {
            lock.unlock();
        }
    }

    private void setInstances(String version, List<Running> list) {
        if (list.isEmpty()) {
            instances.remove(version);
        } else {
            instances.put(version, new ArrayList<>(list));
        }
        if (router != null) {
            router.setBackends(version, addresses(list));
        }
    }

    private static List<InetSocketAddress> addresses(List<Running> list) {
        return list.stream().map(Running::address).toList();
    }

    /** Publishes the state and writes it to disk, with {@code starting} instances listed on disk only. */
    private void persist(List<Running> starting) throws IOException {
        List<AgentProtocol.Instance> ready = new ArrayList<>();
        instances.values().forEach(l -> l.forEach(r -> ready.add(r.toJson())));
        AgentProtocol.State s = new AgentProtocol.State(listen.getHostString(), listen.getPort(), route, ready);
        published = s;
        List<AgentProtocol.Instance> onDisk = new ArrayList<>(ready);
        starting.forEach(r -> onDisk.add(r.toJson()));
        AgentProtocol.State disk = new AgentProtocol.State(s.listenHost(), s.listenPort(), route, onDisk);
        DurableFiles.replaceAtomically(dir.resolve(AgentProtocol.STATE_FILE), AgentProtocol.JSON.writeValueAsBytes(disk));
    }

    private enum Fault { ROUTE, SCALE, STATS }

    private boolean takeFault(Fault kind) {
        synchronized (this) {
            LocalTargetFaults f = faults;
            switch (kind) {
                case ROUTE -> {
                    if (f.failNextRoutes() > 0) {
                        faults = f.failingNextRoutes(f.failNextRoutes() - 1);
                        return true;
                    }
                }
                case SCALE -> {
                    if (f.failNextScales() > 0) {
                        faults = f.failingNextScales(f.failNextScales() - 1);
                        return true;
                    }
                }
                case STATS -> {
                    if (f.failNextStats() > 0) {
                        faults = f.failingNextStats(f.failNextStats() - 1);
                        return true;
                    }
                }
                default -> throw new IllegalStateException("unknown fault " + kind);
            }
            return false;
        }
    }

    // ---------------------------------------------------------------- shutdown

    /** Stops every instance and the router, removes the state and info files, and releases the directory. */
    private void shutdown() {
        lock.lock();
        try {
            List<ProcessHandle> all = new ArrayList<>();
            instances.values().forEach(l -> l.forEach(r -> all.addAll(r.tree())));
            say("shutting down: stopping " + all.size() + " instance(s)");
            Processes.killTrees(all);
            instances.clear();
            if (router != null) {
                router.close();
                router = null;
            }
            try {
                Files.deleteIfExists(dir.resolve(AgentProtocol.STATE_FILE));
                Files.deleteIfExists(dir.resolve(AgentProtocol.INFO_FILE));
            } catch (IOException e) {
                say("cannot remove state files: " + e.getMessage());
            }
        } finally {
            lock.unlock();
        }
        watchdog.shutdownNow();
        admin.stop(0);
        adminThreads.shutdownNow();
        try {
            lockChannel.close();
        } catch (IOException ignored) {
            // Exiting releases it anyway.
        }
        say("stopped");
        stopped.countDown();
    }

    private static void killAll(List<Process> processes) {
        Processes.killTrees(processes.stream().map(Process::toHandle).toList());
    }

    private void say(String message) {
        log.println(clock.instant() + " " + message);
        log.flush();
    }
}
