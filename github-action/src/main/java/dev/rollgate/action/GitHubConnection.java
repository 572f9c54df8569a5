package dev.rollgate.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;

/**
 * One repository on GitHub or GitHub Enterprise Server, reached with one token ({@code GITHUB_TOKEN} or a PAT).
 *
 * <p>Deployments go through org.kohsuke:github-api; the few calls it lacks (the combined commit status) or gets
 * wrong (it would send {@code in-progress}) are small raw JSON requests on {@code java.net.http} with the same
 * headers it sends. Every failure is an {@link IOException} whose message names the call, the HTTP status and
 * GitHub's {@code message}; it never contains the token.
 */
public final class GitHubConnection {

    /** The REST API version github-api 1.330 pins, pinned here too so both kinds of call see the same API. */
    static final String API_VERSION = "2022-11-28";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String apiBase;
    private final String token;
    private final String repository;
    private final GHRepository repo;
    private final HttpClient http;

    private GitHubConnection(String apiBase, String token, String repository, GHRepository repo) {
        this.apiBase = apiBase;
        this.token = token;
        this.repository = repository;
        this.repo = repo;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Connects and reads the repository ({@code GET /repos/{owner}/{repo}}), so a wrong name or a token that cannot
     * see the repository fails here, with a clear message, rather than at the first deployment call.
     *
     * @param apiUrl {@code GITHUB_API_URL}: {@code https://api.github.com}, or {@code https://HOST/api/v3} on GHES
     * @param token {@code GITHUB_TOKEN} or a PAT
     * @param repository {@code owner/name}, as in {@code GITHUB_REPOSITORY}
     */
    public static GitHubConnection connect(URI apiUrl, String token, String repository) throws IOException {
        Objects.requireNonNull(apiUrl, "apiUrl");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token is empty: pass GITHUB_TOKEN or a PAT");
        }
        if (repository == null || !REPOSITORY.matcher(repository).matches()) {
            throw new IllegalArgumentException("repository must be owner/name (GITHUB_REPOSITORY), got '" + repository + "'");
        }
        String base = stripSlash(apiUrl.toString());
        // withAppInstallationToken, not withOAuthToken: the latter looks the login up with GET /user, which an
        // installation token (GITHUB_TOKEN) has no use for. Both send "Authorization: token <t>".
        GitHub github = new GitHubBuilder().withEndpoint(base).withAppInstallationToken(token).build();
        Call read = new Call("read repository", "GET", "/repos/" + repository, "metadata: read");
        try {
            return new GitHubConnection(base, token, repository, github.getRepository(repository));
        } catch (IOException e) {
            throw read.failed(e, token);
        }
    }

    /** {@code owner/name}. */
    public String repository() {
        return repository;
    }

    GHRepository repo() {
        return repo;
    }

    String token() {
        return token;
    }

    /** A raw GET; the answer's JSON. */
    JsonNode get(Call call) throws IOException {
        return send(call, null);
    }

    /** A raw request with a JSON body; the answer's JSON, or a missing node for an empty answer. */
    JsonNode send(Call call, Object body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiBase + call.path()))
                .timeout(TIMEOUT)
                .header("Authorization", "token " + token)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("User-Agent", "rollgate");
        if (body == null) {
            request.method(call.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(call.describe() + " was interrupted");
        } catch (IOException e) {
            throw call.failed(e, token);
        }
        if (response.statusCode() / 100 != 2) {
            throw call.failed(response.statusCode(), response.body(), token);
        }
        String text = response.body();
        if (text == null || text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IOException(call.describe() + " answered HTTP " + response.statusCode() + " with a body that is not JSON");
        }
    }

    /**
     * One API call, named for error messages: what it does, how, and the workflow permission it needs.
     *
     * @param path the path after the API URL, with its query
     */
    record Call(String what, String method, String path, String permission) {

        String describe() {
            return "GitHub " + what + " (" + method + " " + path + ")";
        }

        /** A failure reported by github-api, translated: its exceptions carry the status and GitHub's body. */
        IOException failed(IOException e, String token) {
            if (e instanceof HttpException) {
                HttpException http = (HttpException) e;
                if (http.getResponseCode() > 0) {
                    return failed(http.getResponseCode(), http.getMessage(), token);
                }
            }
            if (e instanceof FileNotFoundException) {
                // github-api turns a 404 into FileNotFoundException("<url> <body>"); the body starts at the '{'.
                String message = e.getMessage() == null ? "" : e.getMessage();
                int json = message.indexOf('{');
                return failed(404, json < 0 ? "" : message.substring(json), token);
            }
            return new IOException(scrub(describe() + " failed: " + e, token), e);
        }

        IOException failed(int status, String body, String token) {
            StringBuilder message = new StringBuilder(describe()).append(" failed: HTTP ").append(status);
            String github = githubMessage(body);
            if (!github.isEmpty()) {
                message.append(": ").append(github);
            }
            if (status == 403 || status == 404) {
                // GitHub answers 404 rather than 403 where the token may not even know the resource exists.
                message.append(" (the token needs `").append(permission).append("` on this repository)");
            }
            return new IOException(scrub(message.toString(), token));
        }
    }

    /** GitHub's {@code message}, with the {@code errors} of a 422 in brackets; or the body itself if not JSON. */
    static String githubMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            String text = body.strip();
            return text.length() > 200 ? text.substring(0, 200) + "…" : text;
        }
        String message = json.path("message").asText("");
        List<String> errors = new ArrayList<>();
        for (JsonNode error : json.path("errors")) {
            if (error.isTextual()) {
                errors.add(error.asText());
            } else if (error.hasNonNull("message")) {
                errors.add(error.get("message").asText());
            } else if (error.hasNonNull("code")) {
                errors.add(error.path("field").asText("?") + " " + error.get("code").asText());
            }
        }
        if (!errors.isEmpty()) {
            message = (message.isEmpty() ? "" : message + " ") + "(" + String.join("; ", errors) + ")";
        }
        return message;
    }

    /**
     * Whether a github.com (or GHES) page belongs to workflow run {@code runId}: its path has
     * {@code /actions/runs/<runId>} followed by {@code /} or nothing, so run 123 does not match run 1234.
     */
    static boolean inRun(String url, long runId) {
        if (url == null || runId <= 0) {
            return false;
        }
        String path = url.replaceFirst("[?#].*$", "");
        String marker = "/actions/runs/" + runId;
        for (int at = path.indexOf(marker); at >= 0; at = path.indexOf(marker, at + 1)) {
            int end = at + marker.length();
            if (end == path.length() || path.charAt(end) == '/') {
                return true;
            }
        }
        return false;
    }

    private static String scrub(String message, String token) {
        return token == null || token.isEmpty() ? message : message.replace(token, "***");
    }

    static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
