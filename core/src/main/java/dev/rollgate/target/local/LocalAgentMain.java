package dev.rollgate.target.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Entry point of the local agent process (see {@link LocalAgent}); {@link LocalTarget} starts it detached:
 *
 * <pre>java -cp CLASSPATH dev.rollgate.target.local.LocalAgentMain --dir STATE/local/SERVICE/ENV --listen 127.0.0.1:8080</pre>
 *
 * Exit status: 0 after a shutdown request, 2 on bad arguments or when it cannot start (another agent owns the
 * directory, the router's address is taken); the reason is on stderr, which the client sends to the agent log.
 */
public final class LocalAgentMain {

    private LocalAgentMain() {
    }

    public static void main(String[] args) {
        // The JDK HttpServer writes a response's head and body separately: without TCP_NODELAY each small admin
        // answer waits for the client's delayed ACK (~40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Path dir = null;
        InetSocketAddress listen = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--dir" -> dir = Path.of(value).toAbsolutePath().normalize();
                    case "--listen" -> listen = LocalTargetSpec.parseListen("--listen", value);
                    default -> throw new IllegalArgumentException("unknown flag " + flag + "; use --dir and --listen");
                }
            }
            if (dir == null || listen == null) {
                throw new IllegalArgumentException("--dir and --listen are required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("rollgate-agent: " + e.getMessage());
            System.exit(2);
            return;
        }
        LocalAgent agent;
        try {
            agent = LocalAgent.start(dir, listen, Clock.systemUTC(), System.out);
        } catch (IOException | RuntimeException e) {
            System.err.println("rollgate-agent: cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            agent.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(0);
    }
}
