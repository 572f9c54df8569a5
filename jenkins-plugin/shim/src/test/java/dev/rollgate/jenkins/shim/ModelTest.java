package dev.rollgate.jenkins.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.FilePath;
import hudson.console.HyperlinkNote;
import hudson.model.Action;
import hudson.model.Cause;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.triggers.SCMTrigger;
import hudson.triggers.TimerTrigger;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jenkins.model.CauseOfInterruption;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The value types and helpers plugin code uses, behaving as core's do. */
class ModelTest {

    /** A job built with the shim-only name constructor, as offline tests do. */
    static final class Project extends Job<Project, Build> {
        Project(String fullName) {
            super(fullName);
        }
    }

    /** A run set up the way core's {@code (job, timestamp)} constructor expects: the number is set by the caller. */
    static final class Build extends Run<Project, Build> {
        Build(Project project, int number) {
            super(project, 0L);
            this.number = number;
        }
    }

    record Link(String url) implements Action {
        @Override
        public String getIconFileName() {
            return null;
        }

        @Override
        public String getDisplayName() {
            return "Rollout";
        }

        @Override
        public String getUrlName() {
            return url;
        }
    }

    @Test
    void aRunIsIdentifiedByItsJobsFullNameAndNumber() {
        Build build = new Build(new Project("apps/web shop"), 42);

        assertThat(build.getParent().getFullName()).isEqualTo("apps/web shop");
        assertThat(build.getNumber()).isEqualTo(42);
        assertThat(build.getExternalizableId()).isEqualTo("apps/web shop#42");
        assertThat(build.getFullDisplayName()).isEqualTo("apps » web shop #42");
        assertThat(build.getUrl()).isEqualTo("job/apps/job/web%20shop/42/");
        assertThat(build.getResult()).isNull();
        assertThat(build.getCauses()).isEmpty();
        assertThatThrownBy(() -> new Project("apps/")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRunFindsTheFirstActionOfAType() {
        Build build = new Build(new Project("web"), 1);
        Link first = new Link("rollgate");
        build.addAction(first);
        build.addAction(new Link("other"));

        assertThat(build.getAction(Link.class)).isSameAs(first);
        assertThat(build.getAction(OtherAction.class)).isNull();
        assertThatThrownBy(() -> build.addAction(null)).isInstanceOf(IllegalArgumentException.class);
    }

    interface OtherAction extends Action {}

    @Test
    void causesDescribeThemselvesInCoresWords() throws IOException {
        Build upstream = new Build(new Project("apps/build"), 9);

        Cause.UpstreamCause cause = new Cause.UpstreamCause(upstream);
        assertThat(cause.getUpstreamProject()).isEqualTo("apps/build");
        assertThat(cause.getUpstreamBuild()).isEqualTo(9);
        assertThat(cause.getShortDescription()).isEqualTo("Started by upstream project \"apps/build\" build number 9");
        assertThat(cause).isEqualTo(new Cause.UpstreamCause(upstream));
        assertThat(new Cause.UserIdCause("alice").getUserId()).isEqualTo("alice");
        assertThat(new Cause.UserIdCause("alice")).isEqualTo(new Cause.UserIdCause("alice"))
                .isNotEqualTo(new Cause.UserIdCause("bob"));
        assertThat(new TimerTrigger.TimerTriggerCause().getShortDescription()).isEqualTo("Started by timer");
        assertThat(new SCMTrigger.SCMTriggerCause("polling log").getShortDescription()).isEqualTo("Started by an SCM change");
        assertThat(new SCMTrigger.SCMTriggerCause("a")).isEqualTo(new SCMTrigger.SCMTriggerCause("b"));
    }

    @Test
    void resultsAreOrderedAndStaySingletonsThroughSerialization() throws Exception {
        assertThat(Result.FAILURE.isWorseThan(Result.UNSTABLE)).isTrue();
        assertThat(Result.UNSTABLE.isWorseThan(Result.FAILURE)).isFalse();
        assertThat(Result.ABORTED.isWorseThan(Result.NOT_BUILT)).isTrue();
        assertThat(Result.SUCCESS.isBetterOrEqualTo(Result.SUCCESS)).isTrue();
        assertThat(Result.NOT_BUILT.isBetterOrEqualTo(Result.FAILURE)).isFalse();
        assertThat(Result.NOT_BUILT).hasToString("NOT_BUILT");

        assertThat(roundTrip(Result.UNSTABLE)).isSameAs(Result.UNSTABLE);
    }

    @Test
    void formValidationEscapesPlainTextAsCoreDoes() {
        FormValidation error = FormValidation.error("weight <100> & 'steps'\nfix  it");

        assertThat(error.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(error.renderHtml()).isEqualTo("weight &lt;100&gt; &amp; &#039;steps&#039;<br>fix&nbsp; it");
        assertThat(error.getMessage()).isEqualTo(error.renderHtml());
        assertThat(FormValidation.warning("w").kind).isEqualTo(FormValidation.Kind.WARNING);
        assertThat(FormValidation.ok("fine").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(FormValidation.ok().renderHtml()).isEqualTo("<div/>");
        assertThat(FormValidation.error(null)).as("error(null) is ok()").isSameAs(FormValidation.ok());
    }

    @Test
    void validateRequiredRefusesBlankValues() {
        assertThat(FormValidation.validateRequired("  ").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(FormValidation.validateRequired(null).renderHtml()).isEqualTo("Required");
        assertThat(FormValidation.validateRequired("web")).isSameAs(FormValidation.ok());
    }

    @Test
    void listBoxModelsHoldOptions() {
        ListBoxModel model = new ListBoxModel().add("prod");
        model.add("Staging", "staging");

        assertThat(model).extracting(o -> o.name + "=" + o.value).containsExactly("prod=prod", "Staging=staging");
        assertThat(new ListBoxModel.Option("A", "a", true)).hasToString("A=a[selected]");
    }

    @Test
    void secretsHideNothingButNullIsEmpty() {
        assertThat(Secret.fromString("token").getPlainText()).isEqualTo("token");
        assertThat(Secret.fromString(null).getPlainText()).isEmpty();
        assertThat(Secret.toString(null)).isEmpty();
        assertThat(Secret.toString(Secret.fromString("t"))).isEqualTo("t");
        assertThat(Secret.fromString("t")).isEqualTo(Secret.fromString("t"));
    }

    @Test
    void timerIsOneSharedPoolOfDaemonThreads() throws Exception {
        ScheduledExecutorService timer = Timer.get();

        assertThat(Timer.get()).isSameAs(timer);
        Thread thread = timer.schedule(Thread::currentThread, 1, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
        assertThat(thread.isDaemon()).isTrue();
        assertThat(thread.getName()).startsWith("jenkins.util.Timer [#");
    }

    @Test
    void taskListenerDefaultsWriteToTheLogger() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream logger = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        TaskListener listener = () -> logger;

        listener.hyperlink("/job/web/", "web");
        logger.println();
        PrintWriter details = listener.error("gate failed");
        details.println("  coverage 71% < 80%");

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("web\nERROR: gate failed\n  coverage 71% < 80%\n".replace("\n", System.lineSeparator()));
        assertThat(HyperlinkNote.encodeTo("https://rollgate/r/1", "rollout\r\n1")).isEqualTo("rollout  1");
    }

    @Test
    void flowInterruptedExceptionCarriesResultAndCauses() {
        CauseOfInterruption byGate = new CauseOfInterruption() {
            private static final long serialVersionUID = 1L;

            @Override
            public String getShortDescription() {
                return "Aborted by gate";
            }
        };

        FlowInterruptedException e = new FlowInterruptedException(Result.ABORTED, true, byGate);

        assertThat(e.getResult()).isSameAs(Result.ABORTED);
        assertThat(e.getCauses()).containsExactly(byGate);
        assertThat(e).hasMessage("Aborted by gate");
        assertThat(new AbortException("no canary")).isInstanceOf(IOException.class).hasMessage("no canary");
    }

    @Test
    void filePathReadsLocalFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("report.xml"), "<coverage/>", Charset.defaultCharset());
        FilePath workspace = new FilePath(dir.toFile());

        FilePath report = workspace.child("build/../report.xml");
        assertThat(report.getRemote()).isEqualTo(dir.resolve("report.xml").toString());
        assertThat(report.exists()).isTrue();
        assertThat(report.readToString()).isEqualTo("<coverage/>");
        try (InputStream in = report.read()) {
            assertThat(in.readAllBytes()).isEqualTo("<coverage/>".getBytes(Charset.defaultCharset()));
        }
        assertThat(workspace.child("missing.xml").exists()).isFalse();
        assertThat(workspace.child(dir.resolve("report.xml").toString()).getRemote())
                .as("an absolute child replaces the base").isEqualTo(report.getRemote());
        assertThat(report.isRemote()).isFalse();
        assertThat(roundTrip(report).getRemote()).isEqualTo(report.getRemote());
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
