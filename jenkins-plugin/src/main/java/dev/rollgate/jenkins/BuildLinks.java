package dev.rollgate.jenkins;

import hudson.model.Run;
import java.util.Optional;

/** Links to a build as the console and the lock holder name it: absolute when Jenkins knows its own URL. */
final class BuildLinks {

    private BuildLinks() {
    }

    /** The configured root URL; empty without a controller (tests) or before an admin set it. */
    static Optional<String> rootUrl() {
        try {
            return Optional.ofNullable(jenkins.model.Jenkins.get().getRootUrl());
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** Who holds a lock: the build's URL, or its name and relative URL when the root URL is unknown. */
    static String holder(Run<?, ?> run) {
        if (run == null) {
            return "jenkins";
        }
        Optional<String> root = rootUrl();
        return root.isPresent() ? root.get() + run.getUrl() : run.getFullDisplayName() + " (" + run.getUrl() + ")";
    }

    /** The build's Rollgate page, where Promote, Abort and Approve are. */
    static String page(Run<?, ?> run) {
        return rootUrl().orElse("") + (run == null ? "" : run.getUrl()) + "rollgate/";
    }
}
