package dev.rollgate.hook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Confirms that what answers is the version just deployed: {@code GET {base}/version} a few times per base (a base
 * behind a router may reach several instances). A base answers with the bare version ({@code v2}, maybe followed by
 * a newline) or with JSON holding a {@code "version"} field.
 */
public final class VersionCheck {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** The longest version text shown; anything longer is a page, not a version. */
    private static final int MAX_SHOWN = 80;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpProbe probe;
    private final Duration timeout;

    public VersionCheck(Clock clock) {
        this(clock, HttpProbe.defaultClient(), DEFAULT_TIMEOUT);
    }

    /** @param timeout how long each request may take */
    public VersionCheck(Clock clock, HttpClient client, Duration timeout) {
        this.probe = new HttpProbe(client, clock);
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be longer than 0s, was " + timeout);
        }
        this.timeout = timeout;
    }

    public VersionCheckResult verify(List<URI> bases, String expectedVersion, int samplesPerBase)
            throws InterruptedException {
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("no bases to check");
        }
        if (samplesPerBase < 1) {
            throw new IllegalArgumentException("samplesPerBase must be at least 1, was " + samplesPerBase);
        }
        List<VersionSample> samples = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (URI base : bases) {
            URI uri = HttpProbe.resolve(base, "/version");
            List<VersionSample> mine = new ArrayList<>();
            // One after another: concurrent requests through a router would not show how it spreads them.
            for (int i = 0; i < samplesPerBase; i++) {
                mine.add(sample(base, probe.send(uri, HttpMethod.GET, timeout)));
            }
            samples.addAll(mine);
            if (!mine.stream().allMatch(s -> s.version().filter(expectedVersion::equals).isPresent())) {
                boolean noVersion = mine.stream().allMatch(s -> s.version().isEmpty());
                wrong.add(uri + (noVersion ? ": " : " answered ") + tally(mine));
            }
        }
        String each = samplesPerBase == 1 ? "" : " (" + samplesPerBase + " samples each)";
        if (wrong.isEmpty()) {
            return new VersionCheckResult(true, expectedVersion, (bases.size() == 1 ? "1 base" : bases.size() + " bases")
                    + " answered " + expectedVersion + each, samples);
        }
        String summary = "expected " + expectedVersion + ", but " + String.join("; ", wrong);
        return new VersionCheckResult(false, expectedVersion, summary, samples);
    }

    /** "v1", or "v2 ×3, v1 ×2" when a base gave mixed answers. */
    private static String tally(List<VersionSample> samples) {
        Map<String, Long> counts = samples.stream().collect(
                Collectors.groupingBy(VersionSample::describe, LinkedHashMap::new, Collectors.counting()));
        if (counts.size() == 1) {
            return counts.keySet().iterator().next();
        }
        return counts.entrySet().stream().map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", "));
    }

    static VersionSample sample(URI base, HttpProbe.Answer answer) {
        if (answer.status().isEmpty()) {
            return problem(base, answer.error().orElseThrow());
        }
        if (answer.status().get() != 200) {
            return problem(base, "status " + answer.status().get());
        }
        Optional<String> version = parse(answer.body());
        return version.map(v -> new VersionSample(base, Optional.of(v), Optional.empty()))
                .orElseGet(() -> problem(base, "no version in the body"));
    }

    /** The bare version on the first line, or the "version" field of a JSON object. */
    static Optional<String> parse(String body) {
        String text = body.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode version = JSON.readTree(text).get("version");
                return version != null && version.isValueNode() && !version.asText().isBlank()
                        ? Optional.of(version.asText().strip())
                        : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        String firstLine = text.lines().findFirst().orElse("").strip();
        if (firstLine.isEmpty() || firstLine.length() > MAX_SHOWN) {
            return Optional.empty();
        }
        return Optional.of(firstLine);
    }

    private static VersionSample problem(URI base, String problem) {
        return new VersionSample(base, Optional.empty(), Optional.of(problem));
    }
}
