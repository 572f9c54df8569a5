/**
 * The {@code local} target's built-in weighted HTTP/1.1 router: a reverse proxy that splits traffic between
 * versions of a service running as processes on this host, and counts requests, 5xx responses, upstream
 * errors and latency per version so the local metric provider can judge a canary.
 *
 * <p>Entry point: {@link dev.rollgate.target.local.WeightedHttpRouter}. Blocking I/O with one thread per client
 * connection; each such thread keeps its own persistent upstream connections, so the hot path takes no locks.
 */
package dev.rollgate.target.local;
