package hudson.triggers;

import hudson.model.Cause;

/**
 * Shim of core's {@code TimerTrigger} (the cron trigger), reduced to its {@link TimerTriggerCause}. The trigger itself
 * needs a controller and is not mirrored.
 */
public class TimerTrigger {

    private TimerTrigger() {}

    /** A build started by the cron schedule. */
    public static class TimerTriggerCause extends Cause {

        @Override
        public String getShortDescription() {
            return "Started by timer";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TimerTriggerCause;
        }

        @Override
        public int hashCode() {
            return 5;
        }
    }
}
