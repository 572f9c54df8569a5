package dev.rollgate.hook;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One HTTP request with a hard time limit, told as a status or as the error a person can act on. */
final class HttpProbe {

    /** What came back: a status and body, or why nothing did. */
    record Answer(Optional<Integer> status, String body, Duration took, Optional<String> error) {

        /** "answered 500" or "connection refused". */
        String describe() {
            return status.map(s -> "answered " + s).orElseGet(error::orElseThrow);
        }
    }

    private final HttpClient client;
    private final Clock clock;

    HttpProbe(HttpClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** A client that does not follow redirects: a check should see the status the service gives. */
    static HttpClient defaultClient() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static URI resolve(URI base, String path) {
        String b = base.toString();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return URI.create(b + path);
    }

    /** A request under way; {@link #await} tells how it ended. */
    record Pending(CompletableFuture<HttpResponse<String>> response, Instant start, Duration timeout) {
        void cancel() {
            response.cancel(true);
        }
    }

    Pending start(URI uri, HttpMethod method, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .method(method.name(), HttpRequest.BodyPublishers.noBody())
                .build();
        Instant start = clock.instant();
        return new Pending(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()), start, timeout);
    }

    /** Waits for the answer; an interrupted wait cancels the request and throws. */
    Answer await(Pending pending) throws InterruptedException {
        try {
            // The request timeout may stop at the headers; this bounds the body too.
            HttpResponse<String> response = pending.response().get(pending.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(Optional.of(response.statusCode()), response.body() == null ? "" : response.body(),
                    took(pending.start()), Optional.empty());
        } catch (TimeoutException e) {
            pending.cancel();
            return failed(pending.start(), "no answer within " + Elapsed.format(pending.timeout()));
        } catch (InterruptedException e) {
            pending.cancel();
            throw e;
        } catch (ExecutionException e) {
            return failed(pending.start(), reason(e.getCause(), pending.timeout()));
        } catch (java.util.concurrent.CancellationException e) {
            return failed(pending.start(), "cancelled");
        }
    }

    Answer send(URI uri, HttpMethod method, Duration timeout) throws InterruptedException {
        return await(start(uri, method, timeout));
    }

    /** Sends all requests at once and waits for every answer, in order; an interruption cancels them all. */
    List<Answer> sendAll(List<URI> uris, HttpMethod method, Duration timeout) throws InterruptedException {
        List<Pending> pending = new ArrayList<>();
        for (URI uri : uris) {
            pending.add(start(uri, method, timeout));
        }
        List<Answer> answers = new ArrayList<>();
        try {
            for (Pending p : pending) {
                answers.add(await(p));
            }
        } catch (InterruptedException e) {
            pending.forEach(Pending::cancel);
            throw e;
        }
        return answers;
    }

    private Answer failed(Instant start, String error) {
        return new Answer(Optional.empty(), "", took(start), Optional.of(error));
    }

    private Duration took(Instant start) {
        return Duration.between(start, clock.instant());
    }

    static String reason(Throwable cause, Duration timeout) {
        // The JDK client often wraps the real cause; the innermost one names what happened.
        Throwable t = cause;
        while (t != null) {
            if (t instanceof ConnectException && !(t instanceof HttpConnectTimeoutException)) {
                return "connection refused";
            }
            if (t instanceof HttpTimeoutException) {
                return "no answer within " + Elapsed.format(timeout);
            }
            if (t instanceof ClosedChannelException) {
                return "connection closed without an answer";
            }
            if (t.getCause() == null || t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        String message = t == null ? null : t.getMessage();
        return message == null || message.isBlank()
                ? (t == null ? "request failed" : t.getClass().getSimpleName())
                : message;
    }
}
