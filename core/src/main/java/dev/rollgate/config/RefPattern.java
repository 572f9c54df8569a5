package dev.rollgate.config;

/**
 * Glob matching for branch and tag names, as GitHub Actions' branch filters read them:
 * {@code *} matches any characters except {@code /}, {@code **} matches any characters.
 */
final class RefPattern {

    private RefPattern() {
    }

    static boolean matches(String pattern, String name) {
        return matches(pattern, 0, name, 0);
    }

    private static boolean matches(String p, int i, String s, int j) {
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '*') {
                boolean any = i + 1 < p.length() && p.charAt(i + 1) == '*';
                int next = any ? i + 2 : i + 1;
                for (int k = j; k <= s.length(); k++) {
                    if (matches(p, next, s, k)) {
                        return true;
                    }
                    if (k < s.length() && !any && s.charAt(k) == '/') {
                        return false;
                    }
                }
                return false;
            }
            if (j >= s.length() || s.charAt(j) != c) {
                return false;
            }
            i++;
            j++;
        }
        return j == s.length();
    }
}
