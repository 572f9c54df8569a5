package dev.rollgate.hook;

import dev.rollgate.config.Doc;
import java.util.Objects;
import java.util.Optional;

/** The lifecycle hooks of one environment's rollout, one per {@link HookPhase}; each is optional. */
@Doc("Lifecycle hooks: commands and HTTP checks run at fixed points of a rollout.")
public record HooksSpec(
        @Doc("Runs before anything changes, e.g. a backup. Failing stops the rollout before it starts.")
        Optional<HookSpec> preDeploy,
        @Doc("Runs before the new version starts: schema migrations. Failing stops the rollout before traffic moves.")
        Optional<HookSpec> migrate,
        @Doc("Runs once the new version takes all traffic.") Optional<HookSpec> postDeploy,
        @Doc("Checks against the service once the new version takes all traffic; failing rolls back.")
        Optional<HookSpec> smoke,
        @Doc("Runs after traffic is back on the stable version: a down migration, a notification.")
        Optional<HookSpec> onRollback) {

    public static final HooksSpec NONE = new HooksSpec(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    public HooksSpec {
        Objects.requireNonNull(preDeploy, "preDeploy");
        Objects.requireNonNull(migrate, "migrate");
        Objects.requireNonNull(postDeploy, "postDeploy");
        Objects.requireNonNull(smoke, "smoke");
        Objects.requireNonNull(onRollback, "onRollback");
    }

    public Optional<HookSpec> hook(HookPhase phase) {
        return switch (phase) {
            case PRE_DEPLOY -> preDeploy;
            case MIGRATE -> migrate;
            case POST_DEPLOY -> postDeploy;
            case SMOKE -> smoke;
            case ON_ROLLBACK -> onRollback;
        };
    }

    /** This set with one phase's hook replaced. */
    public HooksSpec with(HookPhase phase, HookSpec hook) {
        Optional<HookSpec> h = Optional.of(hook);
        return new HooksSpec(phase == HookPhase.PRE_DEPLOY ? h : preDeploy, phase == HookPhase.MIGRATE ? h : migrate,
                phase == HookPhase.POST_DEPLOY ? h : postDeploy, phase == HookPhase.SMOKE ? h : smoke,
                phase == HookPhase.ON_ROLLBACK ? h : onRollback);
    }
}
