package dev.rollgate.target.local;

import dev.rollgate.target.TargetException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls one running agent's admin API (see {@link AgentProtocol}) and turns its answers into values or errors. */
final class AgentClient {

    static final Duration QUICK = Duration.ofSeconds(10);

    private final AgentProtocol.Info info;
    private final HttpClient http;

    AgentClient(AgentProtocol.Info info, HttpClient http) {
        this.info = info;
        this.http = http;
    }

    AgentProtocol.Info info() {
        return info;
    }

    <T> T get(String path, Class<T> type, Duration timeout) throws TargetException {
        return call(request(path, timeout).GET().build(), type);
    }

    <T> T post(String path, Object body, Class<T> type, Duration timeout) throws TargetException {
        byte[] json;
        try {
            json = AgentProtocol.JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode " + body, e);
        }
        return call(request(path, timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build(), type);
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + info.adminPort() + path))
                .timeout(timeout)
                .header(AgentProtocol.TOKEN_HEADER, info.token());
    }

    private <T> T call(HttpRequest request, Class<T> type) throws TargetException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw TargetException.transientFailure("local agent (pid " + info.pid() + ", admin port " + info.adminPort()
                    + ") not reachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TargetException.transientFailure("interrupted while calling the local agent", e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            AgentProtocol.Failure failure;
            try {
                failure = AgentProtocol.JSON.readValue(response.body(), AgentProtocol.Failure.class);
            } catch (IOException e) {
                failure = new AgentProtocol.Failure("local agent answered HTTP " + status, status >= 500);
            }
            throw failure.retryable() ? TargetException.transientFailure(failure.error())
                    : TargetException.permanentFailure(failure.error());
        }
        try {
            return AgentProtocol.JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw TargetException.transientFailure("local agent sent an unreadable answer to "
                    + request.uri().getPath() + ": " + e.getMessage(), e);
        }
    }
}
