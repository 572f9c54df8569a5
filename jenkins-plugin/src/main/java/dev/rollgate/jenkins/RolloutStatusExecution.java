package dev.rollgate.jenkins;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollgate.driver.Deployer;
import dev.rollgate.render.RolloutJson;
import dev.rollgate.rollout.RolloutStatus;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/** Reads the rollout's status from the state store, off the CPS thread; a quick read, so not resumable. */
final class RolloutStatusExecution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String environment;
    private final String config;

    RolloutStatusExecution(StepContext context, String environment, String config) {
        super(context);
        this.environment = environment;
        this.config = config;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Map<String, Object> run() throws Exception {
        PolicyFile file = PolicyFile.load(getContext(), "rolloutStatus", config, environment);
        Deployer deployer = new Deployer(new Deployer.Setup(file.policy(), file.directory(), file.environment(),
                file.stateDir(), Clock.systemUTC(), d -> {
                    throw new IllegalStateException("reading a status never waits");
                }));
        Optional<RolloutStatus> status = deployer.status();
        return JSON.readValue(RolloutJson.render(file.policy().service(), file.environment().name(), status),
                LinkedHashMap.class);
    }
}
