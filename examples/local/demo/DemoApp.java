import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo application Rollgate's local examples deploy: one version of a tiny web service whose error rate and
 * latency are set by flags, so a canary can be made to fail on purpose. Run it without a build:
 *
 * <pre>java examples/local/demo/DemoApp.java --port 8081 --version v2 --error-rate 10 --latency 20ms</pre>
 * {@code --bad-error-rate 30} gives versions whose name ends in {@code -bad} that error rate instead, so one
 * command template in a config can deploy both a good and a broken release.
 *
 * Endpoints: {@code /health} (always 200 once started), {@code /version} (the version), anything else answers
 * {@code {"version":..., "path":...}}, or 500 for the configured share of requests. Errors are spread evenly
 * (every request adds the rate to an accumulator and fails when it crosses 100), not drawn at random, so a 10 %
 * error rate is exactly 10 % over any 10 requests: demos and tests stay reproducible.
 */
public final class DemoApp {

    record Options(String bind, int port, String version, double errorRate, Duration latency) {
        Options {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port: " + port + " is not a port (0-65535)");
            }
            if (errorRate < 0 || errorRate > 100) {
                throw new IllegalArgumentException("--error-rate: " + errorRate + " is not a percent (0-100)");
            }
            if (version.isBlank()) {
                throw new IllegalArgumentException("--version must not be blank");
            }
        }

        static Options parse(String[] args) {
            String bind = "127.0.0.1";
            int port = 8080;
            String version = "v1";
            double errorRate = 0;
            Double badErrorRate = null;
            Duration latency = Duration.ZERO;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--bind" -> bind = value;
                    case "--port" -> port = Integer.parseInt(value);
                    case "--version" -> version = value;
                    case "--error-rate" -> errorRate = Double.parseDouble(value);
                    case "--latency" -> latency = duration(value);
                    case "--bad-error-rate" -> badErrorRate = Double.parseDouble(value);
                    default -> throw new IllegalArgumentException("unknown flag " + flag
                            + "; use --bind, --port, --version, --error-rate, --bad-error-rate, --latency");
                }
            }
            // The demo's one command template serves every version; a version named *-bad is the broken release.
            if (badErrorRate != null && version.endsWith("-bad")) {
                errorRate = badErrorRate;
            }
            return new Options(bind, port, version, errorRate, latency);
        }

        private static Duration duration(String text) {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            throw new IllegalArgumentException("--latency: \"" + text + "\" is not a duration; write e.g. 20ms or 1s");
        }
    }

    private final Options options;
    private final AtomicLong errorBudget = new AtomicLong();  // in hundredths of a percent, see errorNow()

    DemoApp(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("demo-app: " + e.getMessage());
            System.exit(2);
            return;
        }
        new DemoApp(options).start();
    }

    void start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(options.bind(), options.port()), 128);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/health", exchange -> send(exchange, 200, "text/plain", "ok\n"));
        server.createContext("/version", exchange -> send(exchange, 200, "text/plain", options.version() + "\n"));
        server.createContext("/", this::serve);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        // One line on stdout, machine-readable: the port matters when --port 0 picked a free one.
        System.out.println("demo-app " + options.version() + " listening on " + options.bind() + ":"
                + server.getAddress().getPort());
    }

    private void serve(HttpExchange exchange) throws IOException {
        try {
            if (!options.latency().isZero()) {
                Thread.sleep(options.latency().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String path = exchange.getRequestURI().getPath();
        if (errorNow()) {
            send(exchange, 500, "application/json", "{\"version\":\"" + options.version() + "\",\"error\":\"injected\"}\n");
        } else {
            send(exchange, 200, "application/json",
                    "{\"version\":\"" + options.version() + "\",\"path\":\"" + path.replace("\"", "") + "\"}\n");
        }
    }

    /** Evenly spread errors: the accumulator gains the rate per request and pays 100 % for each failure. */
    private boolean errorNow() {
        long rate = Math.round(options.errorRate() * 100);
        long after = errorBudget.addAndGet(rate);
        if (after >= 100_00) {
            errorBudget.addAndGet(-100_00);
            return true;
        }
        return false;
    }

    private void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Demo-Version", options.version());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
