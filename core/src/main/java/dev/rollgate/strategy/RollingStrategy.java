package dev.rollgate.strategy;

import dev.rollgate.config.Doc;
import dev.rollgate.config.InvalidFieldException;
import dev.rollgate.config.Source;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rolling update: old instances are replaced by new ones in batches, never more than {@code replicas + maxSurge}
 * running and never fewer than {@code replicas - maxUnavailable} ready. Each value is a count or a percentage of
 * replicas; as in Kubernetes, a surge percentage rounds up and an unavailable percentage rounds down.
 */
@Doc("Replace old instances by new ones in batches.")
public record RollingStrategy(
        @Doc("Extra instances allowed during the update: a count (1) or a percentage of replicas (\"25%\"). "
                + "Default: 25%.") Optional<String> maxSurge,
        @Doc("Instances that may be unavailable during the update: a count or a percentage. Default: 0.")
        Optional<String> maxUnavailable,
        Source source) {

    public static final String DEFAULT_MAX_SURGE = "25%";
    public static final String DEFAULT_MAX_UNAVAILABLE = "0";
    private static final Pattern AMOUNT = Pattern.compile("([0-9]+)(%?)");

    public static final RollingStrategy DEFAULT = new RollingStrategy(Optional.empty(), Optional.empty(), Source.NONE);

    public RollingStrategy {
        Objects.requireNonNull(maxSurge, "maxSurge");
        Objects.requireNonNull(maxUnavailable, "maxUnavailable");
        Objects.requireNonNull(source, "source");
        maxSurge.ifPresent(s -> check("maxSurge", s));
        maxUnavailable.ifPresent(s -> check("maxUnavailable", s));
        if (isZero(maxSurge.orElse(DEFAULT_MAX_SURGE)) && isZero(maxUnavailable.orElse(DEFAULT_MAX_UNAVAILABLE))) {
            throw new InvalidFieldException(maxSurge.isPresent() ? "maxSurge" : "maxUnavailable",
                    "maxSurge and maxUnavailable are both 0, so no instance could ever be replaced; allow one of them");
        }
    }

    /** Extra instances allowed for {@code replicas} (a percentage rounds up). */
    public int surge(int replicas) {
        return resolve(maxSurge.orElse(DEFAULT_MAX_SURGE), replicas, true);
    }

    /** Instances that may be unavailable for {@code replicas} (a percentage rounds down). */
    public int unavailable(int replicas) {
        return resolve(maxUnavailable.orElse(DEFAULT_MAX_UNAVAILABLE), replicas, false);
    }

    private static void check(String field, String text) {
        Matcher m = AMOUNT.matcher(text.trim());
        if (!m.matches()) {
            throw new InvalidFieldException(field,
                    "\"" + text + "\" is not a count or a percentage; write e.g. 1 or \"25%\"");
        }
        if (!m.group(2).isEmpty() && Integer.parseInt(m.group(1)) > 100) {
            throw new InvalidFieldException(field, "must be at most 100%, was " + text);
        }
    }

    private static boolean isZero(String text) {
        Matcher m = AMOUNT.matcher(text.trim());
        return m.matches() && Integer.parseInt(m.group(1)) == 0;
    }

    private static int resolve(String text, int replicas, boolean roundUp) {
        Matcher m = AMOUNT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalStateException("unchecked amount " + text);
        }
        int n = Integer.parseInt(m.group(1));
        if (m.group(2).isEmpty()) {
            return n;
        }
        int product = n * replicas;
        return roundUp ? (product + 99) / 100 : product / 100;
    }
}
