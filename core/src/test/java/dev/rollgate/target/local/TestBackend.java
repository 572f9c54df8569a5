package dev.rollgate.target.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP backend on 127.0.0.1 (the JDK's HttpServer) standing in for one version of a service.
 *
 * <ul>
 *   <li>{@code /} answers its version name, with the configured status after the configured delay;</li>
 *   <li>{@code /echo} answers the request body, chunked (HttpServer chunks when the length is unknown);</li>
 *   <li>{@code /headers} answers the request headers, one {@code name: value} per line, lower-cased names.</li>
 * </ul>
 */
final class TestBackend implements AutoCloseable {

    static {
        // HttpServer writes a response's head and body separately; without TCP_NODELAY, Nagle plus the peer's
        // delayed ACK stalls every small response ~40 ms. Read once per JVM, so it only helps if no HttpServer
        // started before: the bulk tests use HEAD (a single write) so they stay fast either way.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    final String version;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private volatile int status = 200;
    private volatile long delayMillis;
    /** Client ports seen: one per upstream connection the router opened. */
    final Set<Integer> connectionPorts = ConcurrentHashMap.newKeySet();

    TestBackend(String version) throws IOException {
        this.version = version;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::root);
        server.createContext("/echo", this::echo);
        server.createContext("/headers", this::headers);
        server.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", server.getAddress().getPort());
    }

    TestBackend status(int s) {
        status = s;
        return this;
    }

    TestBackend delayMillis(long d) {
        delayMillis = d;
        return this;
    }

    private void root(HttpExchange x) throws IOException {
        connectionPorts.add(x.getRemoteAddress().getPort());
        long d = delayMillis;
        if (d > 0) {
            try {
                Thread.sleep(d); // the backend's own slowness, not test synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        x.getRequestBody().readAllBytes();
        byte[] body = version.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "text/plain");
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream o = x.getResponseBody()) {
                o.write(body);
            }
        }
        x.close();
    }

    private void echo(HttpExchange x) throws IOException {
        connectionPorts.add(x.getRemoteAddress().getPort());
        x.sendResponseHeaders(200, 0);
        try (InputStream i = x.getRequestBody(); OutputStream o = x.getResponseBody()) {
            byte[] b = new byte[1000]; // small writes: many chunks
            for (int n; (n = i.read(b)) > 0; ) {
                o.write(b, 0, n);
                o.flush();
            }
        }
        x.close();
    }

    private void headers(HttpExchange x) throws IOException {
        StringBuilder sb = new StringBuilder();
        x.getRequestHeaders().forEach((k, vs) -> vs.forEach(v -> sb.append(k.toLowerCase()).append(": ")
                .append(v).append('\n')));
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(200, body.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(body);
        }
        x.close();
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
