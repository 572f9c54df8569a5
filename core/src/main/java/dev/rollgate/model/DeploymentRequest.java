package dev.rollgate.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who wants to deploy what, where, why and how it was triggered. The reason is untrusted text:
 * renderers escape it wherever it goes.
 *
 * @param emergency   the person states an emergency: reason rules apply even inside the window
 * @param skipTests   the person bypasses CI and test reports; only allowed as an emergency
 */
public record DeploymentRequest(
        String environment,
        Trigger trigger,
        Optional<GitRef> ref,
        Optional<String> actor,
        Optional<String> commit,
        Optional<String> version,
        Optional<String> reason,
        boolean emergency,
        boolean skipTests,
        CiStatus ciStatus,
        List<Approval> approvals) {

    public DeploymentRequest {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(ciStatus, "ciStatus");
        approvals = List.copyOf(approvals);
    }

    public static Builder builder(String environment, Trigger trigger) {
        return new Builder(environment, trigger);
    }

    /** Most fields are optional; a builder keeps call sites readable. */
    public static final class Builder {
        private final String environment;
        private final Trigger trigger;
        private GitRef ref;
        private String actor;
        private String commit;
        private String version;
        private String reason;
        private boolean emergency;
        private boolean skipTests;
        private CiStatus ciStatus = CiStatus.UNKNOWN;
        private List<Approval> approvals = List.of();

        private Builder(String environment, Trigger trigger) {
            this.environment = environment;
            this.trigger = trigger;
        }

        public Builder ref(GitRef ref) { this.ref = ref; return this; }
        public Builder ref(String ref) { this.ref = ref == null ? null : GitRef.parse(ref, trigger); return this; }
        public Builder actor(String actor) { this.actor = actor; return this; }
        public Builder commit(String commit) { this.commit = commit; return this; }
        public Builder version(String version) { this.version = version; return this; }
        public Builder reason(String reason) { this.reason = reason; return this; }
        public Builder emergency() { this.emergency = true; return this; }
        public Builder skipTests() { this.skipTests = true; return this; }
        public Builder emergency(boolean emergency) { this.emergency = emergency; return this; }
        public Builder skipTests(boolean skipTests) { this.skipTests = skipTests; return this; }
        public Builder ciStatus(CiStatus ciStatus) { this.ciStatus = ciStatus; return this; }
        public Builder approvals(List<Approval> approvals) { this.approvals = approvals; return this; }

        public DeploymentRequest build() {
            return new DeploymentRequest(environment, trigger, Optional.ofNullable(ref), Optional.ofNullable(actor),
                    Optional.ofNullable(commit), Optional.ofNullable(version), Optional.ofNullable(reason),
                    emergency, skipTests, ciStatus, approvals);
        }
    }
}
