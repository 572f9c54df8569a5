package dev.rollgate.target.local;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The header fields of one message, in arrival order, with the lookups a proxy needs. */
final class HttpHeaders {

    static final int MAX_FIELDS = 100;

    /** RFC 9110 §7.6.1 hop-by-hop fields (plus Proxy-Connection, still sent by old clients). */
    private static final List<String> HOP_BY_HOP = List.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

    private final List<String> names = new ArrayList<>(12);
    private final List<String> values = new ArrayList<>(12);

    /** Reads fields up to and including the blank line that ends a head. */
    static HttpHeaders read(HttpInput in) throws IOException {
        HttpHeaders h = new HttpHeaders();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw in.prematureEnd();
            }
            if (line.isEmpty()) {
                return h;
            }
            if (h.names.size() == MAX_FIELDS) {
                throw in.malformed("more than " + MAX_FIELDS + " header fields");
            }
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') {
                throw in.malformed("obsolete header line folding");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line, 0, colon)) {
                throw in.malformed("malformed header field: " + abbreviate(line));
            }
            h.names.add(line.substring(0, colon));
            h.values.add(line.substring(colon + 1).strip());
        }
    }

    int size() {
        return names.size();
    }

    String name(int i) {
        return names.get(i);
    }

    String value(int i) {
        return values.get(i);
    }

    /** All values of a field joined with ", " (how a list-valued field combines), or null if absent. */
    String get(String name) {
        String joined = null;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                joined = joined == null ? values.get(i) : joined + ", " + values.get(i);
            }
        }
        return joined;
    }

    /** Whether a comma-separated field contains {@code token}, ignoring case. */
    boolean hasToken(String name, String token) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name) && containsToken(values.get(i), token)) {
                return true;
            }
        }
        return false;
    }

    /** Content-Length, -1 if absent; repeated fields must agree. */
    long contentLength(HttpInput in) throws IOException {
        long length = -1;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase("content-length")) {
                for (String part : values.get(i).split(",", -1)) {
                    long v = parseLength(part.strip(), in);
                    if (length >= 0 && v != length) {
                        throw in.malformed("conflicting Content-Length values");
                    }
                    length = v;
                }
            }
        }
        return length;
    }

    /**
     * Whether field {@code i} must not be forwarded: a standard hop-by-hop field or one the message's own
     * Connection field names.
     */
    boolean isHopByHop(int i, String connection) {
        String n = names.get(i);
        for (int k = 0; k < HOP_BY_HOP.size(); k++) {
            if (HOP_BY_HOP.get(k).equalsIgnoreCase(n)) {
                return true;
            }
        }
        return connection != null && containsToken(connection, n);
    }

    static boolean containsToken(String list, String token) {
        int n = list.length();
        int i = 0;
        while (i < n) {
            int end = list.indexOf(',', i);
            if (end < 0) {
                end = n;
            }
            int s = i;
            int e = end;
            while (s < e && (list.charAt(s) == ' ' || list.charAt(s) == '\t')) {
                s++;
            }
            while (e > s && (list.charAt(e - 1) == ' ' || list.charAt(e - 1) == '\t')) {
                e--;
            }
            if (e - s == token.length() && list.regionMatches(true, s, token, 0, token.length())) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }

    static boolean isToken(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    private static long parseLength(String s, HttpInput in) throws IOException {
        if (s.isEmpty() || s.length() > 18) {
            throw in.malformed("invalid Content-Length: " + abbreviate(s));
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw in.malformed("invalid Content-Length: " + abbreviate(s));
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
