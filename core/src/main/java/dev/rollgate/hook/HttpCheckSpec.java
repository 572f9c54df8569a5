package dev.rollgate.hook;

import dev.rollgate.config.Doc;
import dev.rollgate.config.InvalidFieldException;
import dev.rollgate.config.Required;
import java.util.Objects;
import java.util.Optional;

/** One HTTP request against the service address, and what its answer must be. */
@Doc("An HTTP check against the service address (the router): a request path and the answer it must give.")
public record HttpCheckSpec(
        @Required @Doc("The path requested, starting with /, e.g. /health or /api/invoices?limit=1.") String path,
        @Doc("The status the answer must have. Default: 200.") Optional<Integer> expectStatus,
        @Doc("GET or HEAD. Default: GET.") Optional<HttpMethod> method,
        @Doc("Text the answer's body must contain (GET only).") Optional<String> contains) {

    public static final int DEFAULT_STATUS = 200;

    public HttpCheckSpec {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(expectStatus, "expectStatus");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(contains, "contains");
        if (!path.startsWith("/")) {
            throw new InvalidFieldException("path", "\"" + path + "\" must start with /; it is appended to the service address");
        }
        if (path.chars().anyMatch(c -> c <= ' ')) {
            throw new InvalidFieldException("path", "must not contain spaces or control characters; encode them (%20)");
        }
        if (expectStatus.isPresent() && (expectStatus.get() < 100 || expectStatus.get() > 599)) {
            throw new InvalidFieldException("expectStatus", expectStatus.get() + " is not an HTTP status (100-599)");
        }
        if (contains.isPresent() && contains.get().isEmpty()) {
            throw new InvalidFieldException("contains", "must not be empty; leave it out to check the status only");
        }
        if (contains.isPresent() && method.orElse(HttpMethod.GET) == HttpMethod.HEAD) {
            throw new InvalidFieldException("contains", "cannot apply to HEAD, whose answer has no body; use GET");
        }
    }

    /** A GET of {@code path} expecting 200. */
    public static HttpCheckSpec get(String path) {
        return new HttpCheckSpec(path, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public int expectedStatus() {
        return expectStatus.orElse(DEFAULT_STATUS);
    }

    public HttpMethod httpMethod() {
        return method.orElse(HttpMethod.GET);
    }
}
