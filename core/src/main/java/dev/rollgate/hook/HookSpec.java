package dev.rollgate.hook;

import dev.rollgate.config.Doc;
import dev.rollgate.config.Durations;
import dev.rollgate.config.InvalidFieldException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One lifecycle hook: a shell command, HTTP checks against the service, or both (the command runs first).
 * A hook fails the step it belongs to when the command exits non-zero, times out, or a check gets the wrong answer.
 */
@Doc("A lifecycle hook: a command run with /bin/sh -c, HTTP checks against the service address, or both "
        + "(command first).")
public record HookSpec(
        @Doc("A command run with /bin/sh -c in the directory of rollgate.yaml. It sees ROLLGATE_SERVICE, "
                + "ROLLGATE_ENVIRONMENT, ROLLGATE_VERSION, ROLLGATE_PREVIOUS_VERSION, ROLLGATE_HOOK and "
                + "ROLLGATE_SERVICE_URL. A non-zero exit fails the hook.") Optional<String> command,
        @Doc("HTTP checks against the service address, run in order; the first wrong answer fails the hook.")
        Optional<List<HttpCheckSpec>> http,
        @Doc("How long the command may run (default 5m), and how long each HTTP check may take (default 10s). "
                + "A command that runs longer is killed with its child processes.") Optional<Duration> timeout,
        @Doc("Extra environment variables for the command. Names starting with ROLLGATE_ are reserved.")
        Optional<Map<String, String>> env) {

    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public HookSpec {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(env, "env");
        if (command.isEmpty() && http.isEmpty()) {
            throw new InvalidFieldException("command", "a hook needs a command, http checks, or both");
        }
        if (command.isPresent() && command.get().isBlank()) {
            throw new InvalidFieldException("command", "must not be blank; leave the hook out instead");
        }
        if (http.isPresent() && http.get().isEmpty()) {
            throw new InvalidFieldException("http", "list at least one check, or leave http out");
        }
        http = http.map(List::copyOf);
        if (timeout.isPresent() && (timeout.get().isZero() || timeout.get().isNegative())) {
            throw new InvalidFieldException("timeout", "must be longer than 0s");
        }
        if (env.isPresent()) {
            for (String name : env.get().keySet()) {
                if (!ENV_NAME.matcher(name).matches()) {
                    throw new InvalidFieldException("env", "\"" + name + "\" is not a variable name (letters, digits, _)");
                }
                if (name.startsWith("ROLLGATE_")) {
                    throw new InvalidFieldException("env", name + ": names starting with ROLLGATE_ are reserved for "
                            + "the variables Rollgate sets");
                }
            }
            env = Optional.of(Map.copyOf(env.get()));
        }
    }

    /** A command hook with the default timeout and no extra environment. */
    public static HookSpec ofCommand(String command) {
        return new HookSpec(Optional.of(command), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** An HTTP-checks hook with the default per-check timeout. */
    public static HookSpec ofHttp(List<HttpCheckSpec> checks) {
        return new HookSpec(Optional.empty(), Optional.of(checks), Optional.empty(), Optional.empty());
    }

    /** This hook with another timeout. */
    public HookSpec withTimeout(Duration limit) {
        return new HookSpec(command, http, Optional.of(limit), env);
    }

    /** This hook with these extra environment variables. */
    public HookSpec withEnv(Map<String, String> variables) {
        return new HookSpec(command, http, timeout, Optional.of(variables));
    }

    public Duration commandTimeout() {
        return timeout.orElse(DEFAULT_COMMAND_TIMEOUT);
    }

    public Duration httpTimeout() {
        return timeout.orElse(DEFAULT_HTTP_TIMEOUT);
    }

    public List<HttpCheckSpec> httpChecks() {
        return http.orElse(List.of());
    }

    public Map<String, String> envVariables() {
        return env.orElse(Map.of());
    }

    /** One line for plans: {@code ./scripts/migrate.sh up (timeout 10m)} or {@code GET /health, GET /api/invoices}. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        command.ifPresent(s::append);
        if (http.isPresent()) {
            if (s.length() > 0) {
                s.append("; ");
            }
            s.append(String.join(", ", http.get().stream().map(c -> c.httpMethod() + " " + c.path()).toList()));
        }
        timeout.ifPresent(t -> s.append(" (timeout ").append(Durations.format(t)).append(')'));
        return s.toString();
    }
}
