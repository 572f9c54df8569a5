package dev.rollgate.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Objects;

/**
 * Where a configuration record was written. It is never a YAML key: the loader fills a record component of
 * this type from the record's own mapping, so checks made after binding (a weight below the previous one, a
 * pause no one will end) still name the file and line.
 *
 * @param line   1-based, 0 when unknown (a record built in code)
 * @param column 1-based, 0 when unknown
 * @param path   the field path, e.g. {@code environments.production.rollout.strategy.canary.steps[2]}
 */
public record Source(String file, int line, int column, String path) {

    /** For records built in code rather than read from a file. */
    public static final Source NONE = new Source("", 0, 0, "");

    public Source {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
    }

    /** A problem at this place; {@code field} (may be empty) is appended to the path. */
    public ConfigProblem problem(String field, String message) {
        return new ConfigProblem(file, line, column, field.isEmpty() ? path : YamlReader.child(path, field), message);
    }

    /** An exception the loader reports at this place rather than at the record being built. */
    public InvalidAtSourceException invalid(String field, String message) {
        return new InvalidAtSourceException(problem(field, message));
    }

    /** {@code rollgate.yaml:12}, or the path alone when the place is unknown. */
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : path;
    }

    /**
     * The YAML key of a record component whose natural name Java reserves: a region's {@code wait} is the
     * component {@code waitAfter}, as {@code wait()} belongs to {@link Object}.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Key {
        String value();
    }

    /** The key a component is written as in YAML. */
    static String keyOf(java.lang.reflect.RecordComponent c) {
        Key key = c.getAnnotation(Key.class);
        return key == null ? c.getName() : key.value();
    }

    /**
     * Thrown by a configuration record's constructor about a value written elsewhere than the record itself,
     * e.g. a canary step checked against the step before it.
     */
    public static final class InvalidAtSourceException extends IllegalArgumentException {

        private final transient ConfigProblem problem;

        InvalidAtSourceException(ConfigProblem problem) {
            super(problem.message());
            this.problem = problem;
        }

        public ConfigProblem problem() {
            return problem;
        }
    }
}
