/**
 * The {@code local} target's built-in weighted HTTP/1.1 router: a reverse proxy that splits traffic between
 * versions of a service running as processes on this host, and counts requests, 5xx responses, upstream
 * errors and latency per version so the local metric provider can judge a canary.
 *
 * <p>Entry point: {@link dev.rollgate.target.local.WeightedHttpRouter}. Blocking I/O with one thread per client
 * connection; each such thread keeps its own persistent upstream connections, so the hot path takes no locks.
 *
 * <p>The router and the application instances live in a separate <b>local agent</b> process
 * ({@link dev.rollgate.target.local.LocalAgentMain}), so the CLI driving a rollout can die at any moment without
 * users noticing. {@link dev.rollgate.target.local.LocalTarget} is the client side (the {@code Workload} and
 * {@code TrafficRouter} of the {@code local} target), {@link dev.rollgate.target.local.LocalMetricProvider} reads
 * the router's counters, and {@link dev.rollgate.target.local.LocalTargetSpec} is its configuration.
 */
package dev.rollgate.target.local;
