package hudson.model;

import dev.rollgate.jenkins.shim.ShimOnly;
import hudson.ExtensionPoint;

/**
 * Shim of core's {@code Job}: a buildable item with runs of type {@code RunT}. Real jobs live in an {@code ItemGroup}
 * of a running controller; offline tests subclass this shim with the {@link ShimOnly} name constructor.
 *
 * @param <JobT> the job type itself
 * @param <RunT> its run type
 */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> implements Item, ExtensionPoint {

    private final String fullName;

    /** A job with the given full name ({@code folder/job} inside folders). Offline tests only: core has no such constructor. */
    @ShimOnly
    protected Job(String fullName) {
        if (fullName == null || fullName.isEmpty() || fullName.startsWith("/") || fullName.endsWith("/")) {
            throw new IllegalArgumentException("A job's full name must be non-empty names joined by '/': " + fullName);
        }
        this.fullName = fullName;
    }

    /** The unique name of the job: its folders' names and its own, joined by {@code /}. */
    public final String getFullName() {
        return fullName;
    }
}
