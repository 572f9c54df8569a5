package dev.rollgate.action;

import dev.rollgate.config.Durations;
import dev.rollgate.model.WireNamed;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The action's inputs, as the runner hands them to the container: one {@code INPUT_<NAME>} variable per declared
 * input (the id upper-cased, so {@code skip_tests} is {@code INPUT_SKIP_TESTS}), always a string, {@code ""} when
 * neither {@code with:} nor a default gives one. Values are trimmed, as {@code @actions/core} does.
 *
 * <p>{@code emergency} and {@code skip_tests} stay empty unless the workflow sets them, so that a dispatch input of
 * the same meaning fills them (explicit inputs win; see {@link ActionRequest}).
 *
 * @param githubToken never printed; masked before anything else is written
 */
public record ActionInputs(
        ActionCommand command,
        Path config,
        Optional<String> environment,
        Optional<String> version,
        Optional<String> reason,
        Optional<Boolean> emergency,
        Optional<Boolean> skipTests,
        Optional<String> githubToken,
        boolean failWhenBlocked,
        DeploymentMode githubDeployment,
        Optional<URI> environmentUrl,
        Optional<Path> stateDir,
        Duration waitLock) {

    static final Duration DEFAULT_WAIT_LOCK = Duration.ofMinutes(10);

    /** Reads every input; the first bad one is an error naming it and saying what it accepts. */
    public static ActionInputs read(Map<String, String> env) throws ActionException {
        Inputs in = new Inputs(env);
        return new ActionInputs(
                in.wireNamed("command", ActionCommand.class).orElse(ActionCommand.GATE),
                Path.of(in.text("config").orElse("rollgate.yaml")),
                in.text("environment"),
                in.text("version"),
                in.text("reason"),
                in.bool("emergency"),
                in.bool("skip_tests"),
                in.text("github_token"),
                in.bool("fail_when_blocked").orElse(false),
                in.wireNamed("github_deployment", DeploymentMode.class).orElse(DeploymentMode.AUTO),
                in.uri("environment_url"),
                in.text("state_dir").map(Path::of),
                in.duration("wait_lock").orElse(DEFAULT_WAIT_LOCK));
    }

    /** The variable that carries an input: {@code INPUT_} + the id with spaces as {@code _}, upper-cased. */
    static String variable(String input) {
        return "INPUT_" + input.replace(' ', '_').toUpperCase(Locale.ROOT);
    }

    /** Parses a boolean as {@code @actions/core getBooleanInput} does (YAML 1.2 core schema); else empty. */
    static Optional<Boolean> parseBoolean(String value) {
        switch (value) {
            case "true": case "True": case "TRUE":
                return Optional.of(Boolean.TRUE);
            case "false": case "False": case "FALSE":
                return Optional.of(Boolean.FALSE);
            default:
                return Optional.empty();
        }
    }

    private record Inputs(Map<String, String> env) {

        Optional<String> text(String input) {
            String v = env.get(variable(input));
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
        }

        Optional<Boolean> bool(String input) throws ActionException {
            Optional<String> v = text(input);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            Optional<Boolean> b = parseBoolean(v.get());
            if (b.isEmpty()) {
                throw new ActionException("input " + input + ": '" + v.get() + "' is not a boolean; write true or false");
            }
            return b;
        }

        <E extends Enum<E> & WireNamed> Optional<E> wireNamed(String input, Class<E> type) throws ActionException {
            Optional<String> v = text(input);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            Optional<E> e = WireNamed.find(type, v.get());
            if (e.isEmpty()) {
                throw new ActionException("input " + input + ": '" + v.get() + "' is not one of "
                        + Arrays.stream(type.getEnumConstants()).map(WireNamed::wireName).collect(Collectors.joining(", ")));
            }
            return e;
        }

        Optional<URI> uri(String input) throws ActionException {
            Optional<String> v = text(input);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            try {
                URI u = new URI(v.get());
                if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
                    throw new URISyntaxException(v.get(), "not an http(s) URL");
                }
                return Optional.of(u);
            } catch (URISyntaxException e) {
                throw new ActionException("input " + input + ": '" + v.get() + "' is not an http(s) URL");
            }
        }

        Optional<Duration> duration(String input) throws ActionException {
            Optional<String> v = text(input);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Durations.parse(v.get()));
            } catch (IllegalArgumentException e) {
                throw new ActionException("input " + input + ": " + e.getMessage());
            }
        }
    }
}
