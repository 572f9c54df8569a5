package dev.rollgate.target.local;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the local agent and its clients exchange, and what the agent keeps on disk: JSON documents, one record
 * each. Not an API: both sides are this same code, started from the same class path.
 *
 * <p>Admin API (every request carries {@link #TOKEN_HEADER}; errors answer 4xx/5xx with an {@link Failure}):
 * <ul>
 *   <li>{@code GET /admin/ping} → {@link Info}</li>
 *   <li>{@code GET /admin/state} → {@link State} (dead instances left out)</li>
 *   <li>{@code POST /admin/scale} {@link ScaleRequest} → {@link State}</li>
 *   <li>{@code POST /admin/route} {@link Route} → {@link State}</li>
 *   <li>{@code GET /admin/stats} → {@link Stats}: the counters now</li>
 *   <li>{@code POST /admin/readings} {@link ReadingRequest} → {@link Window}: records the counters under a label and
 *       answers them with the latest earlier reading labelled at or before {@code since}</li>
 *   <li>{@code POST /admin/faults} {@link LocalTargetFaults} → the faults now armed</li>
 *   <li>{@code POST /admin/shutdown} → 202; the agent then stops its instances and exits</li>
 * </ul>
 */
final class AgentProtocol {

    static final String TOKEN_HEADER = "X-Rollgate-Agent-Token";
    /** Written by the agent, read by clients: how to reach it. Owner-only (it holds the token). */
    static final String INFO_FILE = "agent.json";
    /** The agent's instances and route, rewritten atomically after each change. */
    static final String STATE_FILE = "state.json";
    static final String LOG_FILE = "agent.log";
    /** Held (file lock) by the running agent for its whole life: at most one agent per directory. */
    static final String AGENT_LOCK_FILE = "agent.lock";
    /** Held by a client while it looks for an agent and maybe starts one. */
    static final String LAUNCH_LOCK_FILE = "launch.lock";

    static final JsonMapper JSON = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private AgentProtocol() {
    }

    /** The running agent: its pid, admin port and token, and where its router listens. */
    record Info(long pid, int adminPort, String token, String routerHost, int routerPort, String startedAt) {
    }

    /** One running instance. {@code processStart} guards against a reused pid when an agent re-adopts it. */
    record Instance(String version, int port, long pid, String processStart, String log) {
    }

    /** The split in force, by role; null names are absent sides (as in {@code TrafficSplit}). */
    record Route(String stable, String canary, int canaryWeight) {
    }

    /** The agent's whole state: where the router listens, the route (null before the first) and the instances. */
    record State(String listenHost, int listenPort, Route route, List<Instance> instances) {
        State {
            instances = instances == null ? List.of() : List.copyOf(instances);
        }
    }

    record ScaleRequest(String version, int replicas, String command, String workingDirectory, Map<String, String> env,
                        long startTimeoutMillis) {
    }

    /** Counters of one version; {@code latencyBuckets} in the layout of {@link LatencyHistogram}. */
    record Counters(long requests, long responses2xx, long responses3xx, long responses4xx, long errors5xx,
                    long upstreamErrors, long[] latencyBuckets) {

        static Counters of(VersionStats s) {
            return new Counters(s.requests(), s.responses2xx(), s.responses3xx(), s.responses4xx(), s.errors5xx(),
                    s.upstreamErrors(), s.latency().bucketCounts());
        }

        VersionStats toStats(String version) throws IOException {
            if (latencyBuckets == null || latencyBuckets.length != LatencyHistogram.BUCKETS) {
                throw new IOException("latency histogram of version " + version + " has "
                        + (latencyBuckets == null ? "no" : latencyBuckets.length) + " buckets, expected "
                        + LatencyHistogram.BUCKETS);
            }
            return new VersionStats(version, requests, responses2xx, responses3xx, responses4xx, errors5xx,
                    upstreamErrors, new LatencyDistribution(latencyBuckets.clone()));
        }
    }

    /**
     * The router's counters. {@code epoch} changes whenever the counters start again from zero (a new router, a
     * restarted agent), so a reader never subtracts across a restart; {@code countingSince} is when they started.
     */
    record Stats(String epoch, String countingSince, Map<String, Counters> versions) {
        Stats {
            versions = versions == null ? Map.of() : new LinkedHashMap<>(versions);
        }
    }

    /** Record a reading labelled {@code at}; find the latest earlier one labelled at or before {@code since}. */
    record ReadingRequest(String at, String since) {
    }

    /**
     * The counters now and at the start of a window. {@code base} is null when no reading is labelled at or before
     * the window's start (then the window starts at {@code countingSince}).
     */
    record Window(String epoch, String countingSince, Map<String, Counters> now, String baseAt,
                  Map<String, Counters> base) {
    }

    record Failure(String error, boolean retryable) {
    }
}
