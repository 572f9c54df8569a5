package dev.rollgate.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole {@code rollgate.yaml}. Environments arrive with {@code defaults:} already merged in by the loader,
 * so each {@link EnvironmentSpec} is complete on its own.
 */
@Doc("Rollgate policy for one service: how and when it may be deployed to each environment.")
public record RollgateConfig(
        @Required @Doc("The service this file governs, e.g. payments-api.") String service,
        @Doc("Where rollout state, locks and the deployment ledger live, relative to this file. Default: .rollgate.")
        Optional<String> stateDir,
        @Doc("Policy shared by every environment. An environment's own keys override it; inside gates, gate by "
                + "gate. Set a gate to null (~) in an environment to drop an inherited one.")
        Optional<Defaults> defaults,
        @Required @Doc("The environments, by name, in promotion order.") Map<String, EnvironmentSpec> environments) {

    public RollgateConfig {
        if (service.isBlank()) {
            throw new InvalidFieldException("service", "must not be blank");
        }
        if (stateDir.isPresent() && stateDir.get().isBlank()) {
            throw new InvalidFieldException("stateDir", "must not be blank; remove it for the default .rollgate");
        }
        if (environments.isEmpty()) {
            throw new InvalidFieldException("environments", "declare at least one environment");
        }
        Map<String, String> owners = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        environments.forEach((name, env) -> {
            for (String key : env.namesFor(name)) {
                String previous = owners.putIfAbsent(key, name);
                if (previous != null && !previous.equals(name)) {
                    clashes.add("'" + key + "' names both " + previous + " and " + name);
                }
            }
        });
        if (!clashes.isEmpty()) {
            throw new InvalidFieldException("environments", String.join("; ", clashes));
        }
    }

    public static final String DEFAULT_STATE_DIR = ".rollgate";

    public String stateDirOrDefault() {
        return stateDir.orElse(DEFAULT_STATE_DIR);
    }

    /** Finds an environment by name or alias ({@code prod} for {@code production}). */
    public Optional<NamedEnvironment> environment(String nameOrAlias) {
        return environments.entrySet().stream()
                .filter(e -> e.getValue().namesFor(e.getKey()).contains(nameOrAlias))
                .map(e -> new NamedEnvironment(e.getKey(), e.getValue()))
                .findFirst();
    }

    /** The environments for an error message: {@code production (aliases: prod), staging}. */
    public String knownEnvironments() {
        return environments.entrySet().stream()
                .map(e -> e.getKey() + e.getValue().aliases().map(a -> " (aliases: " + String.join(", ", a) + ")")
                        .orElse(""))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** An environment with the name it is declared under. */
    public record NamedEnvironment(String name, EnvironmentSpec spec) {
    }
}
