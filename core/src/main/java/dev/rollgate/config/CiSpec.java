package dev.rollgate.config;

import java.util.Optional;

/** Whether the commit's CI run must have succeeded. */
@Doc("CI status gate.")
public record CiSpec(@Doc("Require CI success. Default: true.") Optional<Boolean> required) {

    public boolean isRequired() {
        return required.orElse(true);
    }
}
