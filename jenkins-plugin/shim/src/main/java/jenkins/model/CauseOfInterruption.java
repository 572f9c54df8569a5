package jenkins.model;

import java.io.Serializable;

/**
 * Shim of core's {@code CauseOfInterruption}: why a build or step was interrupted. Equal causes are merged, and
 * implementations must serialize (Java and XStream).
 */
public abstract class CauseOfInterruption implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Human-readable text of why the build was interrupted. */
    public abstract String getShortDescription();
}
