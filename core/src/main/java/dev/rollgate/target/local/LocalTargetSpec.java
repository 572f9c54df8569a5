package dev.rollgate.target.local;

import dev.rollgate.config.Doc;
import dev.rollgate.config.InvalidFieldException;
import dev.rollgate.config.Required;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the {@code local} target runs the application: each version as processes on this host, started from a
 * command template, behind Rollgate's built-in weighted HTTP router (see {@link LocalTarget}).
 *
 * <pre>{@code
 * local:
 *   command: java examples/local/demo/DemoApp.java --port {port} --version {version}
 *   replicas: 2
 *   listen: 127.0.0.1:8080
 * }</pre>
 */
@Doc("Run the application as local processes behind Rollgate's built-in weighted HTTP router.")
public record LocalTargetSpec(
        @Required @Doc("The command that starts one instance, run with /bin/sh -c; {port} (required) and"
                + " {version} are replaced, and ROLLGATE_PORT and ROLLGATE_VERSION are set.") String command,
        @Doc("Instances per version, 1 to 20. Default 1.") Optional<Integer> replicas,
        @Doc("Where the router listens, host:port. Port 0 picks a free port when the agent starts."
                + " Default 127.0.0.1:8080.") Optional<String> listen,
        @Doc("Working directory of the instances; relative paths are taken from the directory of rollgate.yaml."
                + " Default: that directory.") Optional<String> workingDirectory,
        @Doc("Extra environment variables for the instances.") Optional<Map<String, String>> env,
        @Doc("How long an instance may take until its port accepts connections, e.g. 30s. Default 30s.")
        Optional<Duration> startTimeout) {

    public static final int DEFAULT_REPLICAS = 1;
    public static final int MAX_REPLICAS = 20;
    public static final String DEFAULT_LISTEN = "127.0.0.1:8080";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    public LocalTargetSpec {
        Objects.requireNonNull(replicas, "replicas");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (command == null || command.isBlank()) {
            throw new InvalidFieldException("command", "must not be blank");
        }
        if (!command.contains("{port}")) {
            // Every instance needs its own port, chosen by the agent; a fixed port would collide at 2 replicas.
            throw new InvalidFieldException("command", "must contain {port}, where the agent puts the port the"
                    + " instance must listen on, but was: " + command);
        }
        if (replicas.isPresent() && (replicas.get() < 1 || replicas.get() > MAX_REPLICAS)) {
            throw new InvalidFieldException("replicas", "must be between 1 and " + MAX_REPLICAS + ", but was "
                    + replicas.get());
        }
        if (listen.isPresent()) {
            parseListen("listen", listen.get());
        }
        if (workingDirectory.isPresent() && workingDirectory.get().isBlank()) {
            throw new InvalidFieldException("workingDirectory", "must not be blank; remove it to use the directory"
                    + " of rollgate.yaml");
        }
        if (env.isPresent()) {
            for (Map.Entry<String, String> e : env.get().entrySet()) {
                if (e.getKey() == null || e.getKey().isEmpty() || e.getKey().contains("=")
                        || e.getKey().indexOf('\0') >= 0) {
                    throw new InvalidFieldException("env", "'" + e.getKey() + "' is not an environment variable name");
                }
                if (e.getValue() == null) {
                    throw new InvalidFieldException("env", "variable " + e.getKey() + " has no value");
                }
            }
            env = Optional.of(Map.copyOf(env.get()));
        }
        if (startTimeout.isPresent() && (startTimeout.get().isZero() || startTimeout.get().isNegative())) {
            throw new InvalidFieldException("startTimeout", "must be longer than 0s, but was " + startTimeout.get());
        }
    }

    /** The five-field form, before {@code startTimeout} existed. */
    public LocalTargetSpec(String command, Optional<Integer> replicas, Optional<String> listen,
                           Optional<String> workingDirectory, Optional<Map<String, String>> env) {
        this(command, replicas, listen, workingDirectory, env, Optional.empty());
    }

    /** Only a command; everything else at its default. */
    public static LocalTargetSpec of(String command) {
        return new LocalTargetSpec(command, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    public int replicaCount() {
        return replicas.orElse(DEFAULT_REPLICAS);
    }

    /** The router's address, unresolved (port 0: to be picked by the agent). */
    public InetSocketAddress listenAddress() {
        return parseListen("listen", listen.orElse(DEFAULT_LISTEN));
    }

    public Map<String, String> environment() {
        return env.orElse(Map.of());
    }

    public Duration startTimeoutOrDefault() {
        return startTimeout.orElse(DEFAULT_START_TIMEOUT);
    }

    /** The instances' working directory: {@code workingDirectory} resolved against {@code configDirectory}. */
    public Path workingDirectoryIn(Path configDirectory) {
        return workingDirectory.map(configDirectory::resolve).orElse(configDirectory).toAbsolutePath().normalize();
    }

    /** Parses {@code host:port} (IPv6 as {@code [::1]:8080}); throws naming {@code field}. */
    static InetSocketAddress parseListen(String field, String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new InvalidFieldException(field, "must be host:port, e.g. 127.0.0.1:8080, but was '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isBlank() || host.contains(":") && !text.startsWith("[")) {
            throw new InvalidFieldException(field, "must be host:port, e.g. 127.0.0.1:8080, but was '" + text + "'");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new InvalidFieldException(field, "port must be a number, but was '" + text.substring(colon + 1) + "'");
        }
        if (port < 0 || port > 65535) {
            throw new InvalidFieldException(field, "port must be between 0 and 65535, but was " + port);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
