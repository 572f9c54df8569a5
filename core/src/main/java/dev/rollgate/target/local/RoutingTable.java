package dev.rollgate.target.local;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An immutable mapping from request sequence number to version, built whole and swapped in one volatile write,
 * so a weight change applies to every request after it and no request ever sees half a change.
 */
final class RoutingTable {

    private final Weights weights;
    private final VersionRoute[] slots;
    private final AtomicLong sequence = new AtomicLong();

    RoutingTable(Weights weights, Map<String, List<InetSocketAddress>> backends, Map<String, VersionMetrics> metrics) {
        this.weights = weights;
        List<String> schedule = WeightSchedule.of(weights);
        Map<String, VersionRoute> routes = new HashMap<>();
        for (String version : weights.percent().keySet()) {
            routes.put(version, new VersionRoute(version, backends.getOrDefault(version, List.of()), metrics.get(version)));
        }
        this.slots = new VersionRoute[schedule.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = routes.get(schedule.get(i));
        }
    }

    Weights weights() {
        return weights;
    }

    /** The version that takes the next request. */
    VersionRoute next() {
        return slots[(int) Long.remainderUnsigned(sequence.getAndIncrement(), slots.length)];
    }
}
