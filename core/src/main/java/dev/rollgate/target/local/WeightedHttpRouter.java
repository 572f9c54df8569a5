package dev.rollgate.target.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The local target's traffic router: an HTTP/1.1 reverse proxy that sends each request to one version of a
 * service, chosen by {@link Weights}, and round-robin among that version's replicas.
 *
 * <pre>{@code
 * try (var router = new WeightedHttpRouter(RouterConfig.defaults(new InetSocketAddress("127.0.0.1", 0)),
 *         Map.of("stable", List.of(v1), "canary", List.of(v2)), Weights.of("stable", 95, "canary", 5))) {
 *     router.start();
 *     ... router.setWeights(Weights.of("stable", 50, "canary", 50)); ... router.snapshot() ...
 * }
 * }</pre>
 *
 * <p>Threads: one acceptor, plus one thread per client connection (up to {@link RouterConfig#maxConnections()}).
 * Reconfiguration builds a new immutable {@link RoutingTable} under a lock and publishes it with a volatile
 * write; requests read it without locking. Every response carries {@code X-Rollgate-Version}.
 */
public final class WeightedHttpRouter implements AutoCloseable {

    private static final byte[] TOO_MANY_CONNECTIONS = ("HTTP/1.1 503 Service Unavailable\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 24\r\nConnection: close\r\n\r\n"
            + "router connection limit\n").getBytes(StandardCharsets.US_ASCII);

    private final RouterConfig config;
    private final Object reconfigure = new Object();
    /** Guarded by {@link #reconfigure}; insertion order is the order stats are reported in. */
    private final Map<String, VersionMetrics> metrics = new LinkedHashMap<>();
    private final Map<String, List<InetSocketAddress>> backends = new LinkedHashMap<>();
    private volatile RoutingTable table;
    private final LongAdder rejected = new LongAdder();
    private final Set<ConnectionHandler> connections = ConcurrentHashMap.newKeySet();

    private volatile boolean closed;
    private volatile ServerSocket server;
    private Thread acceptor;
    private ThreadPoolExecutor handlers;

    /**
     * @param backends replicas per version; a version may have none (its share of requests then gets 503)
     * @param weights  the initial split; it may only name versions present in {@code backends}
     */
    public WeightedHttpRouter(RouterConfig config, Map<String, List<InetSocketAddress>> backends, Weights weights) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(backends, "backends");
        synchronized (reconfigure) {
            backends.forEach(this::putBackends);
            installTable(Objects.requireNonNull(weights, "weights"));
        }
    }

    /** Binds and starts accepting. */
    public void start() throws IOException {
        synchronized (reconfigure) {
            if (server != null) {
                throw new IllegalStateException("router already started");
            }
            if (closed) {
                throw new IllegalStateException("router is closed");
            }
            ServerSocket s = new ServerSocket();
            try {
                s.bind(config.listen(), 256);
            } catch (IOException e) {
                s.close();
                throw new IOException("cannot listen on " + config.listen() + ": " + e.getMessage(), e);
            }
            server = s;
            int port = s.getLocalPort();
            AtomicInteger n = new AtomicInteger();
            handlers = new ThreadPoolExecutor(0, config.maxConnections(), 30, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), r -> {
                        Thread t = new Thread(r, "rollgate-router-" + port + "-conn-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            acceptor = new Thread(this::acceptLoop, "rollgate-router-" + port + "-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }
    }

    /** The bound address (with the real port if port 0 was asked for). */
    public InetSocketAddress address() {
        ServerSocket s = server;
        if (s == null) {
            throw new IllegalStateException("router not started");
        }
        return new InetSocketAddress(s.getInetAddress(), s.getLocalPort());
    }

    /** Applies a new split to every request read after this returns. */
    public void setWeights(Weights weights) {
        Objects.requireNonNull(weights, "weights");
        synchronized (reconfigure) {
            installTable(weights);
        }
    }

    /** Replaces the replicas of a version (adding the version if new); requests in flight finish where they are. */
    public void setBackends(String version, List<InetSocketAddress> replicas) {
        synchronized (reconfigure) {
            putBackends(version, replicas);
            installTable(table.weights());
        }
    }

    public Weights weights() {
        return table.weights();
    }

    /** Replicas per version, as configured. */
    public Map<String, List<InetSocketAddress>> backends() {
        synchronized (reconfigure) {
            return Map.copyOf(backends);
        }
    }

    public RouterStats snapshot() {
        List<VersionMetrics> live;
        Map<String, VersionStats> versions = new LinkedHashMap<>();
        synchronized (reconfigure) {
            live = List.copyOf(metrics.values());
        }
        for (VersionMetrics m : live) {
            VersionStats s = m.snapshot();
            versions.put(s.version(), s);
        }
        return new RouterStats(versions, rejected.sum());
    }

    /** Stops accepting, closes every client and backend connection and waits (bounded) for the threads to end. */
    @Override
    public void close() {
        Thread a;
        ThreadPoolExecutor h;
        synchronized (reconfigure) {
            if (closed) {
                return;
            }
            closed = true;
            a = acceptor;
            h = handlers;
            if (server != null) {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // Closing is all we wanted.
                }
            }
        }
        connections.forEach(ConnectionHandler::abort);
        try {
            if (a != null) {
                a.join(TimeUnit.SECONDS.toMillis(5));
            }
            if (h != null) {
                h.shutdownNow();
                h.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    RoutingTable table() {
        return table;
    }

    boolean isClosed() {
        return closed;
    }

    void countRejected() {
        rejected.increment();
    }

    void finished(ConnectionHandler handler) {
        connections.remove(handler);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue; // e.g. a client that reset before we accepted it
            }
            ConnectionHandler handler;
            try {
                client.setTcpNoDelay(true);
                client.setSoTimeout((int) config.idleTimeout().toMillis());
                handler = new ConnectionHandler(client, this, config);
            } catch (IOException e) {
                closeQuietly(client);
                continue;
            }
            connections.add(handler);
            if (closed) {
                // close() may have swept the set before this handler joined it.
                handler.abort();
                return;
            }
            try {
                handlers.execute(handler);
            } catch (RejectedExecutionException e) {
                connections.remove(handler);
                refuse(client);
            }
        }
    }

    private void refuse(Socket client) {
        try {
            OutputStream o = client.getOutputStream();
            o.write(TOO_MANY_CONNECTIONS);
            o.flush();
        } catch (IOException ignored) {
            // The client will see the connection close instead.
        }
        closeQuietly(client);
    }

    private void putBackends(String version, List<InetSocketAddress> replicas) {
        Objects.requireNonNull(replicas, "replicas of version " + version);
        new Weights(Map.of(version, 100)); // validates the name the same way weights do
        for (InetSocketAddress a : replicas) {
            Objects.requireNonNull(a, "a replica of version " + version);
            if (a.isUnresolved()) {
                throw new IllegalArgumentException("replica " + a + " of version '" + version + "' is unresolved");
            }
        }
        backends.put(version, List.copyOf(replicas));
        metrics.computeIfAbsent(version, VersionMetrics::new);
    }

    private void installTable(Weights weights) {
        for (String version : weights.percent().keySet()) {
            if (!backends.containsKey(version)) {
                throw new IllegalArgumentException("weights name unknown version '" + version + "'; known versions: "
                        + backends.keySet());
            }
        }
        table = new RoutingTable(weights, backends, metrics);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Already closed or broken: either way it is gone.
        }
    }
}
