package dev.rollgate.target.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An instance must never be given a port the agent already uses, above all the router's, which is reserved at
 * start but bound only at the first route. A CI run once saw the router fail with "Address already in use"
 * because the kernel had handed its port to the canary a moment before.
 */
class InstancePortTest {

    @Test
    void skipsPortsAlreadyTakenAndRemembersTheOneItGives() throws Exception {
        int routerPort = 34449;
        Set<Integer> taken = new HashSet<>(Set.of(routerPort, 40001));
        Deque<Integer> offered = new ArrayDeque<>(List.of(routerPort, 40001, 40002, 40002, 40003));

        int first = LocalAgent.instancePort(taken, offered::removeFirst);
        int second = LocalAgent.instancePort(taken, offered::removeFirst);

        assertThat(first).isEqualTo(40002);
        assertThat(second).as("a port given once is not given again").isEqualTo(40003);
        assertThat(taken).contains(routerPort, 40001, 40002, 40003);
    }
}
