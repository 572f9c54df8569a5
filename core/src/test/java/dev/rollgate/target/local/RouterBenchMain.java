package dev.rollgate.target.local;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the router for {@code bench/router-bench.sh}, in the foreground until killed:
 * {@code RouterBenchMain LISTEN_PORT STABLE_PORT CANARY_PORT STABLE_PERCENT}, all on 127.0.0.1.
 * Prints one line "listening on PORT" when ready and, on exit, the router's own per-version stats.
 */
public final class RouterBenchMain {

    private RouterBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: RouterBenchMain LISTEN_PORT STABLE_PORT CANARY_PORT STABLE_PERCENT");
            System.exit(2);
        }
        int stablePercent = Integer.parseInt(args[3]);
        WeightedHttpRouter router = new WeightedHttpRouter(
                RouterConfig.defaults(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]))),
                Map.of("stable", List.of(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]))),
                        "canary", List.of(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[2])))),
                Weights.of("stable", stablePercent, "canary", 100 - stablePercent));
        router.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            router.snapshot().versions().values().forEach(s -> System.out.printf(
                    "router stats: %s requests=%d 5xx=%d upstreamErrors=%d p50=%.3fms p99=%.3fms%n", s.version(),
                    s.requests(), s.errors5xx(), s.upstreamErrors(), s.p50Millis(), s.p99Millis()));
            router.close();
        }));
        System.out.println("listening on " + router.address().getPort());
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGTERM runs the hook
    }
}
