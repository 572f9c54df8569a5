package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shim of core's {@code EnvVars}: environment variables, case-insensitive but case-preserving (as Windows treats
 * them), with core's {@code $VAR} expansion. Platforms, {@code PATH+X} overrides and remote lookups are not mirrored.
 */
public class EnvVars extends TreeMap<String, String> {

    private static final long serialVersionUID = 4320331661987259022L;

    /** Core's {@code Util.replaceMacro} pattern: {@code $xyz}, {@code ${xyz}}, {@code ${a.b}} (not {@code $a.b}), or {@code $$}. */
    private static final Pattern VARIABLE = Pattern.compile("\\$([A-Za-z0-9_]+|\\{[A-Za-z0-9_.]+\\}|\\$)");

    public EnvVars() {
        super(String.CASE_INSENSITIVE_ORDER);
    }

    public EnvVars(@NonNull Map<String, String> m) {
        this();
        putAll(m);
    }

    /** The value of {@code key}, or {@code defaultValue} when it is unset. */
    public String get(String key, String defaultValue) {
        String v = get(key);
        return v == null ? defaultValue : v;
    }

    /** Refuses a null value, as core does: a null environment variable is always a caller's bug. */
    @Override
    public String put(String key, String value) {
        if (value == null) {
            throw new IllegalArgumentException("Null value not allowed as an environment variable: " + key);
        }
        return super.put(key, value);
    }

    /**
     * Expands {@code $VAR} and {@code ${VAR}} from this map. As in core (and Ant, unlike a shell), an unknown variable
     * is left as written, and {@code $$} becomes a single {@code $}.
     */
    public String expand(String s) {
        if (s == null) {
            return null;
        }
        int idx = 0;
        while (true) {
            Matcher m = VARIABLE.matcher(s);
            if (!m.find(idx)) {
                return s;
            }
            String key = m.group().substring(1);
            String value;
            if (key.charAt(0) == '$') {
                value = "$";
            } else {
                if (key.charAt(0) == '{') {
                    key = key.substring(1, key.length() - 1);
                }
                value = get(key);
            }
            if (value == null) {
                idx = m.end(); // unknown: keep it and look further on
            } else {
                s = s.substring(0, m.start()) + value + s.substring(m.end());
                idx = m.start() + value.length(); // never re-expand what was substituted
            }
        }
    }
}
