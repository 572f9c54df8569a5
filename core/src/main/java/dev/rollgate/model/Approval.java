package dev.rollgate.model;

import java.time.Instant;
import java.util.Objects;

/** One recorded approval: a person, the role they approved in, and when. */
public record Approval(String approver, String role, Instant at) {
    public Approval {
        Objects.requireNonNull(at, "at");
        if (approver == null || approver.isBlank()) {
            throw new IllegalArgumentException("approval needs an approver");
        }
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("approval by " + approver + " needs a role");
        }
    }
}
