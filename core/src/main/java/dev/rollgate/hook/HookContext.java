package dev.rollgate.hook;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a hook is told about the rollout it runs in. Commands see these as {@code ROLLGATE_*} environment
 * variables; HTTP checks are sent to {@code serviceAddress}.
 *
 * @param serviceAddress   where the service answers (the router for the local target), e.g. http://127.0.0.1:8080
 * @param workingDirectory where commands run: normally the directory of rollgate.yaml
 */
public record HookContext(String service, String environment, String version, Optional<String> previousVersion,
                          URI serviceAddress, Path workingDirectory) {

    public HookContext {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(previousVersion, "previousVersion");
        Objects.requireNonNull(serviceAddress, "serviceAddress");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
    }

    /** {@code path} appended to the service address, whether or not the address ends with a slash. */
    public URI resolve(String path) {
        return HttpProbe.resolve(serviceAddress, path);
    }
}
