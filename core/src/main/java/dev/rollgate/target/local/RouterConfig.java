package dev.rollgate.target.local;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How the router listens and how patient it is with backends.
 *
 * @param listen          address to bind; port 0 picks a free port ({@link WeightedHttpRouter#address()} reports it)
 * @param connectTimeout  backend connect timeout; exceeding it answers 502
 * @param readTimeout     longest silence from a backend while reading its response; exceeding it answers 504
 * @param idleTimeout     a keep-alive client connection with no new request for this long is closed
 * @param maxConnections  concurrent client connections (one thread each); beyond it new clients get 503
 * @param nanoClock       monotonic clock for latency, injected so tests and callers control time
 */
public record RouterConfig(InetSocketAddress listen, Duration connectTimeout, Duration readTimeout,
                           Duration idleTimeout, int maxConnections, LongSupplier nanoClock) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONNECTIONS = 512;

    public RouterConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(nanoClock, "nanoClock");
        positiveMillis("connectTimeout", connectTimeout);
        positiveMillis("readTimeout", readTimeout);
        positiveMillis("idleTimeout", idleTimeout);
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, but was " + maxConnections);
        }
    }

    /** Defaults for everything but the address. */
    public static RouterConfig defaults(InetSocketAddress listen) {
        return new RouterConfig(listen, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS, System::nanoTime);
    }

    public RouterConfig withTimeouts(Duration connect, Duration read) {
        return new RouterConfig(listen, connect, read, idleTimeout, maxConnections, nanoClock);
    }

    private static void positiveMillis(String name, Duration d) {
        Objects.requireNonNull(d, name);
        // Socket timeouts are int milliseconds, and 0 would mean "wait forever".
        if (d.toMillis() < 1 || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be between 1 ms and " + Integer.MAX_VALUE
                    + " ms, but was " + d);
        }
    }
}
