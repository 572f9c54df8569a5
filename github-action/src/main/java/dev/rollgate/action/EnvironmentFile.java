package dev.rollgate.action;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One of the runner's environment files, {@code GITHUB_OUTPUT} or {@code GITHUB_STATE}: each value is appended in
 * heredoc form with a fresh random delimiter, so no value (newlines, {@code =}, {@code <<}, a forged delimiter line)
 * can end early or add a name of its own. The runner reads the file after the step; a later value of the same name
 * replaces an earlier one.
 */
public final class EnvironmentFile {

    /** What the toolkit and the runner's docs call an output or state name. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private final Path file;
    private final Supplier<UUID> ids;

    public EnvironmentFile(Path file) {
        this(file, UUID::randomUUID);
    }

    /** For tests that need to know the next delimiter. */
    EnvironmentFile(Path file, Supplier<UUID> ids) {
        this.file = Objects.requireNonNull(file, "file");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /** The file named by {@code variable} (say {@code GITHUB_OUTPUT}) in {@code env}; empty when unset or blank. */
    public static Optional<EnvironmentFile> of(Map<String, String> env, String variable) {
        String path = env.get(variable);
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new EnvironmentFile(Path.of(path)));
    }

    /**
     * Appends {@code name} = {@code value} (null counts as empty).
     *
     * @throws IllegalArgumentException if {@code name} is not a valid name, or the name or value contains the
     *     delimiter chosen for this value
     */
    public synchronized void set(String name, String value) throws IOException {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("output name '" + name
                    + "' is not valid: use letters, digits, '-' and '_', starting with a letter or '_'");
        }
        String text = value == null ? "" : value;
        String delimiter = "ghadelimiter_" + ids.get();
        if (name.contains(delimiter)) {
            throw new IllegalArgumentException("output name '" + name + "' contains the delimiter " + delimiter);
        }
        if (text.contains(delimiter)) {
            throw new IllegalArgumentException("the value of output '" + name + "' contains the delimiter " + delimiter
                    + ", which would end it early");
        }
        // \n, never the platform separator: the runner on Linux reads lines at \n.
        String record = name + "<<" + delimiter + "\n" + text + "\n" + delimiter + "\n";
        Files.write(file, record.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }
}
