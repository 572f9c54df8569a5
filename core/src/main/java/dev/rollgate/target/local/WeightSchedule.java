package dev.rollgate.target.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The order in which versions receive requests, one period of nginx's smooth weighted round-robin.
 *
 * <p>Computed once per weight change instead of per request, so picking is a single array read and the split is
 * exact over every 100 consecutive requests (not merely accurate on average, as random choice would be), with
 * each version's requests spread evenly through the period rather than bunched.
 */
final class WeightSchedule {

    private WeightSchedule() {
    }

    /** One period: 100 slots (weights sum to 100), each naming the version that takes that request. */
    static List<String> of(Weights weights) {
        Map<String, Integer> percent = weights.percent();
        String[] names = percent.keySet().toArray(new String[0]);
        int[] weight = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            weight[i] = percent.get(names[i]);
        }
        int[] current = new int[names.length];
        List<String> slots = new ArrayList<>(100);
        for (int slot = 0; slot < 100; slot++) {
            int best = -1;
            for (int i = 0; i < names.length; i++) {
                if (weight[i] == 0) {
                    continue;
                }
                current[i] += weight[i];
                if (best < 0 || current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= 100;
            slots.add(names[best]);
        }
        return List.copyOf(slots);
    }
}
