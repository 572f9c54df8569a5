package jenkins.model;

import hudson.model.Action;
import hudson.model.Run;

/** Shim of core's {@code RunAction2}: an action on a build, told its build when attached and when loaded again. */
public interface RunAction2 extends Action {

    void onAttached(Run<?, ?> r);

    void onLoad(Run<?, ?> r);
}
