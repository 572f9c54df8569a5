package hudson.util;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

/**
 * Shim of core's {@code Secret}: a confidential string. Core encrypts it at rest with the controller's key, and
 * {@link #fromString(String)} first tries to decrypt its argument; the shim has no key, so it never decrypts. Pipeline
 * persists a real {@code Secret} through a pickle: executions should persist credential ids, never secrets.
 */
public final class Secret implements Serializable {

    private static final long serialVersionUID = 1L;

    @NonNull
    private final String value;

    private Secret(@NonNull String value) {
        this.value = value;
    }

    @NonNull
    public String getPlainText() {
        return value;
    }

    /** The secret for {@code data}; null becomes the empty secret. */
    @NonNull
    public static Secret fromString(@CheckForNull String data) {
        return new Secret(data == null ? "" : data);
    }

    /** The plain text, or "" for null (so null and empty are alike, as in {@link #fromString(String)}). */
    @NonNull
    public static String toString(@CheckForNull Secret s) {
        return s == null ? "" : s.value;
    }

    /** @deprecated as in core (which also logs a warning): use {@link #getPlainText()} or {@link #toString(Secret)}. */
    @Override
    @Deprecated
    public String toString() {
        return value;
    }

    @Override
    public boolean equals(Object that) {
        return that instanceof Secret && value.equals(((Secret) that).value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
