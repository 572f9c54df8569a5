package hudson.model;

import jenkins.model.Jenkins;

/**
 * Shim of core's {@code Describable}: an object configured through its {@link Descriptor}.
 *
 * @param <T> the describable type itself
 */
public interface Describable<T extends Describable<T>> {

    /**
     * The singleton descriptor of this class. Real core looks it up through {@code Jenkins.get()}, so without a running
     * controller it throws {@link IllegalStateException}; the shim does the same. Tests instantiate the
     * {@code DescriptorImpl} directly.
     */
    default Descriptor<T> getDescriptor() {
        Jenkins.get();
        throw new AssertionError("Jenkins.get() returned in the shim");
    }
}
