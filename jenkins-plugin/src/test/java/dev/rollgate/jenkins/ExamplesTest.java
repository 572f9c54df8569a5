package dev.rollgate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.rollgate.config.ConfigLoader;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The example Jenkinsfiles in {@code jenkins-plugin/examples} are copied by users, so they must keep working as the
 * steps change: every Jenkinsfile there may call only steps that exist, pass a Rollgate step only the arguments it
 * has (and its mandatory ones), and read only the build parameters its own {@code parameters} block declares.
 *
 * <p>The Rollgate steps and their arguments come from the compiled plugin classes by reflection: every {@link Step}
 * subclass, its nested {@code DescriptorImpl} instantiated directly (not {@code getDescriptor()}, which needs a running
 * Jenkins) for {@link StepDescriptor#getFunctionName()}, its {@link DataBoundConstructor} parameter names (mandatory)
 * and its {@link DataBoundSetter} methods and fields (optional). Pipeline's own steps and Declarative's directives
 * that the examples may use are in {@link #BUILT_IN}; their arguments are not checked.
 *
 * <p><b>How a Jenkinsfile is read</b> ({@link Scan}): a small Groovy lexer, not a Groovy parser. It drops
 * {@code //} and {@code /* *}{@code /} comments and a leading {@code #!} line; it reads {@code '...'},
 * {@code "..."}, {@code '''...'''}, {@code """..."""}, dollar-slashy and (in operand position) slashy strings as one
 * token each, with backslash escapes; inside double-quoted and slashy strings it lexes every {@code ${...}} (nested
 * braces and strings included) and {@code $name.path} interpolation as code of its own, which is checked like the rest.
 * On the tokens:
 * <ul>
 *   <li>a <b>call</b> is a name not written after {@code .}, {@code ?.}, {@code *.}, {@code .&}, {@code new},
 *       {@code @} or a type, followed by {@code (} or {@code {}, or, at the start of a statement, followed on the
 *       same line by an argument (a string, number, name, {@code [} or {@code name:}): Groovy's command syntax
 *       ({@code echo 'x'}, {@code canaryDeploy environment: 'x', version: '1'}). Its arguments run to the closing
 *       parenthesis, or to the end of the statement: a line end not preceded by {@code ,} or an operator;</li>
 *   <li>a <b>named argument</b> is {@code name:} or {@code 'name':} directly after the opening parenthesis (or the
 *       step name) or a comma, outside any nested bracket, brace or parenthesis; anything else is positional;</li>
 *   <li>functions and closures the file defines itself ({@code def name(...)}, {@code Type name(...)},
 *       {@code def name = {}) may be called; names starting with a capital letter (types, constructors) and Groovy
 *       keywords are never calls;</li>
 *   <li>a <b>declared parameter</b> is the literal {@code name:} of a {@code choice}, {@code booleanParam},
 *       {@code string}, {@code text}, {@code password}, {@code credentials} or {@code file} call inside a
 *       {@code parameters { }} block (Declarative) or a {@code parameters([ ])} call (scripted
 *       {@code properties([parameters([...])])});</li>
 *   <li>a <b>parameter use</b> is {@code params.NAME}, {@code params?.NAME} or {@code params['NAME']}.</li>
 * </ul>
 *
 * <p><b>Limits</b>, none of which the examples run into: arguments spread from a map variable
 * ({@code canaryDeploy(args)}) count as one positional argument; a computed parameter name ({@code params[x]}) is
 * not checked, and {@code params.each} or any other method of the map reads as a parameter named so; a call written
 * on the same line after the closing parenthesis of {@code if (...)} ({@code if (x) foo 'y'}) is not seen in
 * command syntax (with parentheses it is); a slashy string right after a name ({@code x /a/}) reads as division; a
 * generic return type ({@code List<String> f()}) makes a definition read as a call; only literal argument values are
 * type-checked (a string where the step takes a boolean or a number); names a shared library defines are unknown.
 */
class ExamplesTest {

    /**
     * Pipeline steps (workflow-basic-steps, workflow-durable-task-step, workflow-scm-step, pipeline-input-step,
     * workflow-multibranch, credentials-binding, junit, lockable-resources), Declarative's sections, directives,
     * options, {@code when} conditions and post conditions, parameter and trigger symbols, and Groovy's own
     * script methods, which the examples may call without their arguments being checked.
     */
    static final Set<String> BUILT_IN = Set.of(
            // steps
            "archiveArtifacts", "bat", "build", "catchError", "checkout", "deleteDir", "dir", "echo", "error",
            "fileExists", "git", "input", "isUnix", "junit", "library", "lock", "mail", "milestone", "node",
            "parallel", "powershell", "properties", "pwd", "pwsh", "readFile", "retry", "script", "sh", "sleep",
            "stage", "stash", "step", "timeout", "tool", "unstable", "unstash", "waitUntil", "warnError",
            "withCredentials", "withEnv", "wrap", "writeFile", "ws",
            // credentials-binding bindings
            "file", "string", "usernamePassword", "usernameColonPassword", "sshUserPrivateKey",
            // Declarative sections and directives
            "pipeline", "agent", "any", "none", "label", "options", "parameters", "triggers", "environment", "tools",
            "stages", "steps", "post", "when", "matrix", "axes", "axis", "name", "values", "excludes", "exclude",
            "failFast",
            // Declarative input directive
            "message", "ok", "submitter", "submitterParameter",
            // post conditions
            "always", "changed", "fixed", "regression", "aborted", "success", "unsuccessful", "failure", "notBuilt",
            "cleanup",
            // when conditions
            "expression", "not", "allOf", "anyOf", "branch", "tag", "buildingTag", "changeRequest", "changelog",
            "changeset", "equals", "triggeredBy", "beforeAgent", "beforeInput", "beforeOptions",
            // options and job properties
            "buildDiscarder", "logRotator", "disableConcurrentBuilds", "disableResume", "skipDefaultCheckout",
            "skipStagesAfterUnstable", "checkoutToSubdirectory", "preserveStashes", "quietPeriod",
            "parallelsAlwaysFailFast", "durabilityHint", "overrideIndexTriggers", "timestamps", "pipelineTriggers",
            // parameter and trigger symbols
            "choice", "booleanParam", "text", "password", "credentials", "cron", "pollSCM", "upstream",
            // Groovy script methods
            "println", "print", "printf", "sprintf");

    /** Symbols that define a build parameter inside {@code parameters}. */
    static final Set<String> PARAMETER_TYPES = Set.of("choice", "booleanParam", "string", "text", "password",
            "credentials", "file");

    static final Set<String> KEYWORDS = Set.of("abstract", "as", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "def", "default", "do", "double", "else", "enum", "extends",
            "false", "final", "finally", "float", "for", "goto", "if", "implements", "import", "in", "instanceof", "int",
            "interface", "long", "native", "new", "null", "package", "private", "protected", "public", "return",
            "short", "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "trait",
            "transient", "true", "try", "var", "void", "volatile", "while");

    /** Primitive and modifier keywords a definition may follow: {@code void deploy(...)}, {@code def x}. */
    static final Set<String> DECLARING = Set.of("def", "void", "boolean", "byte", "char", "double", "float", "int",
            "long", "short", "var", "static", "final", "private", "public", "protected");

    /** The examples the README promises. */
    static final List<String> PROMISED = List.of("canary.Jenkinsfile", "blue-green.Jenkinsfile",
            "rolling.Jenkinsfile", "manual-rollback.Jenkinsfile", "wait-for-window.Jenkinsfile");

    // ---- the real examples against the real plugin ----

    @Test
    void everyExampleCallsOnlyDefinedStepsWithTheirArgumentsAndDeclaredParameters() throws IOException {
        Map<String, StepSignature> steps = pluginSteps();
        List<String> problems = new ArrayList<>();
        for (Path file : jenkinsfiles()) {
            for (String p : check(Files.readString(file, StandardCharsets.UTF_8), steps)) {
                problems.add(file.getFileName() + ":" + p);
            }
        }
        assertThat(problems).as("problems in the example Jenkinsfiles (Rollgate steps found: %s)", steps.keySet())
                .isEmpty();
    }

    @Test
    void theRunbooksHaveTheirExamplesAndEveryStepIsShownInOne() throws IOException {
        List<Path> files = jenkinsfiles();
        assertThat(files).extracting(f -> f.getFileName().toString()).containsAll(PROMISED);
        Set<String> used = new TreeSet<>();
        for (Path file : files) {
            used.addAll(new Scan(Files.readString(file, StandardCharsets.UTF_8)).calledNames());
        }
        assertThat(used).as("steps used by the examples").containsAll(pluginSteps().keySet());
        String readme = Files.readString(examplesDirectory().resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(files).allSatisfy(f -> assertThat(readme).contains(f.getFileName().toString()));
    }

    @Test
    void theExamplePoliciesAreValid() throws IOException {
        try (Stream<Path> files = Files.list(examplesDirectory())) {
            List<Path> policies = files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
            assertThat(policies).isNotEmpty();
            for (Path policy : policies) {
                assertThatCode(() -> ConfigLoader.load(policy)).as(policy.toString()).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void everyPluginStepIsARegisteredExtensionWithAFunctionName() {
        List<Class<? extends Step>> stepClasses = stepClasses(SerialFormTest.pluginClasses());
        assertThat(stepClasses).as("the Step classes were found").isNotEmpty();
        for (Class<? extends Step> c : stepClasses) {
            Class<?> descriptor = descriptorClass(c);
            assertThat(descriptor.isAnnotationPresent(Extension.class)).as(descriptor.getName() + " is an @Extension")
                    .isTrue();
        }
    }

    @Test
    void readsAStepsNameAndArgumentsFromItsClasses() {
        Map<String, StepSignature> steps = pluginSteps();
        StepSignature gate = steps.get("deploymentGate");
        assertThat(gate).isNotNull();
        assertThat(gate.mandatory()).containsExactly("environment");
        assertThat(gate.arguments()).containsKeys("environment", "config", "version", "reason", "emergency",
                "skipTests", "failWhenBlocked", "waitForWindow");
        assertThat(gate.arguments().get("skipTests")).isEqualTo(boolean.class);
        assertThat(steps.get("rolloutStatus").arguments()).containsKeys("environment", "config");

        StepSignature fixture = signature(CanaryFixtureStep.class);
        assertThat(fixture.name()).isEqualTo("canaryDeploy");
        assertThat(fixture.mandatory()).containsExactly("environment", "version");
        assertThat(fixture.arguments()).containsOnlyKeys("environment", "version", "config", "reason",
                "waitForLockMinutes");
        assertThat(fixture.arguments().get("waitForLockMinutes")).isEqualTo(int.class);
    }

    // ---- the checker catches what it must (fixture steps, so these do not depend on the plugin's progress) ----

    private static final Map<String, StepSignature> FIXTURES = table(List.of(CanaryFixtureStep.class,
            GateFixtureStep.class));

    @Test
    void reportsAMisspeltStep() {
        String jenkinsfile = """
                node {
                    canaryDeplyo(environment: 'production', version: '1.4.2')
                }
                """;
        assertThat(check(jenkinsfile, FIXTURES)).singleElement().asString()
                .startsWith("2: ").contains("unknown step 'canaryDeplyo'");
    }

    @Test
    void reportsAnUnknownArgumentAndTheMandatoryOneItReplaced() {
        assertThat(check("canaryDeploy(environment: 'x', versoin: '1')\n", FIXTURES)).containsExactlyInAnyOrder(
                "1: canaryDeploy has no argument 'versoin'; it takes config, environment, reason, version,"
                        + " waitForLockMinutes",
                "1: canaryDeploy needs its mandatory argument 'version'");
    }

    @Test
    void reportsAnUndeclaredParameter() {
        String jenkinsfile = """
                pipeline {
                    agent any
                    parameters {
                        string(name: 'DEPLOYMENT_REASON', defaultValue: '', description: 'Why')
                    }
                    stages {
                        stage('Deploy') {
                            steps {
                                echo "reason: ${params.DEPLOYMENT_REASON}"
                                canaryDeploy(environment: params.FOO, version: '1')
                            }
                        }
                    }
                }
                """;
        assertThat(check(jenkinsfile, FIXTURES)).containsExactly(
                "10: params.FOO is not declared in this file's parameters (declared: [DEPLOYMENT_REASON])");
    }

    @Test
    void readsCommandSyntaxAndCallsInsideInterpolations() {
        String jenkinsfile = """
                canaryDeploy environment: 'x', versoin: '1',
                             reason: "release"
                echo "gate: ${deploymentGte(environment: 'x').shouldDeploy} ${params.NOPE}"
                echo "$params.ALSO_NOPE"
                """;
        assertThat(check(jenkinsfile, FIXTURES)).containsExactlyInAnyOrder(
                "1: canaryDeploy has no argument 'versoin'; it takes config, environment, reason, version,"
                        + " waitForLockMinutes",
                "1: canaryDeploy needs its mandatory argument 'version'",
                "3: unknown step 'deploymentGte' (not a Rollgate step, not in the built-in list, not defined in the"
                        + " file)",
                "3: params.NOPE is not declared in this file's parameters (declared: [])",
                "4: params.ALSO_NOPE is not declared in this file's parameters (declared: [])");
    }

    @Test
    void ignoresCommentsStringsMethodCallsAndTheFilesOwnFunctions() {
        String jenkinsfile = """
                #!/usr/bin/env groovy
                // canaryDeplyo(environment: 'x')
                /* deploymentGte(x) and params.NOPE
                   in a block comment */
                def deployTo(String env) {
                    return canaryDeploy(environment: env, version: '1', waitForLockMinutes: 5)
                }
                def notify = { msg -> echo msg }
                node {
                    echo 'canaryDeplyo(environment: x) ${params.NOPE}'
                    echo '''params.NOPE
                    canaryDeplyo()'''
                    def s = deployTo('staging')
                    s.canaryDeplyo(1)
                    s?.whatever 'x'
                    notify("done: ${s.phase}")
                    sh "echo \\${params.NOPE}"
                    String text = new StringBuilder().append('x').toString()
                    if (s.phase == 'Promoted') { echo 'ok' } else { error 'not promoted' }
                    def matches = ('v1.2' ==~ /v\\d+\\.\\d+/)
                }
                """;
        assertThat(check(jenkinsfile, FIXTURES)).isEmpty();
    }

    @Test
    void readsScriptedParameterDeclarationsAndQuotedNames() {
        String jenkinsfile = """
                properties([
                    parameters([
                        choice(name: 'DEPLOYMENT_ENVIRONMENT', choices: ['staging', 'production']),
                        booleanParam(name: 'EMERGENCY', defaultValue: false),
                    ]),
                ])
                deploymentGate(environment: params.DEPLOYMENT_ENVIRONMENT, emergency: params['EMERGENCY'],
                               'reason': params.REASON)
                """;
        assertThat(check(jenkinsfile, FIXTURES)).containsExactly("8: params.REASON is not declared in this file's"
                + " parameters (declared: [DEPLOYMENT_ENVIRONMENT, EMERGENCY])");
    }

    @Test
    void reportsLiteralsOfTheWrongTypeAndMisusedPositionalArgumentsAndBlocks() {
        String jenkinsfile = """
                deploymentGate(environment: 'x', emergency: 'yes')
                canaryDeploy(environment: 'x', version: '1', waitForLockMinutes: '5')
                deploymentGate 'production'
                canaryDeploy('production')
                deploymentGate(environment: 'x') { echo 'body' }
                """;
        assertThat(check(jenkinsfile, FIXTURES)).containsExactlyInAnyOrder(
                "1: deploymentGate argument 'emergency' takes boolean, not the string 'yes'",
                "2: canaryDeploy argument 'waitForLockMinutes' takes int, not the string '5'",
                "4: canaryDeploy takes named arguments (environment, version mandatory); a lone positional argument"
                        + " works only for a step with one mandatory argument",
                "5: deploymentGate takes no block");
    }

    // ---- checking ----

    /** The problems of one Jenkinsfile, each {@code line: message}. */
    static List<String> check(String jenkinsfile, Map<String, StepSignature> steps) {
        Scan scan = new Scan(jenkinsfile);
        List<String> problems = new ArrayList<>();
        Set<String> declared = scan.declaredParameters();
        for (ParamUse use : scan.parameterUses()) {
            if (!declared.contains(use.name())) {
                problems.add(use.line() + ": params." + use.name() + " is not declared in this file's parameters"
                        + " (declared: " + new TreeSet<>(declared) + ")");
            }
        }
        Set<String> local = scan.definedNames();
        for (Call call : scan.calls()) {
            StepSignature step = steps.get(call.name());
            if (step != null) {
                problems.addAll(checkArguments(call, step));
            } else if (!BUILT_IN.contains(call.name()) && !local.contains(call.name())) {
                problems.add(call.line() + ": unknown step '" + call.name() + "' (not a Rollgate step, not in the"
                        + " built-in list, not defined in the file)");
            }
        }
        problems.sort(java.util.Comparator.comparingInt(p -> Integer.parseInt(p.substring(0, p.indexOf(':')))));
        return problems;
    }

    private static List<String> checkArguments(Call call, StepSignature step) {
        List<String> problems = new ArrayList<>();
        String at = call.line() + ": " + step.name();
        if (call.block() && !step.takesBlock()) {
            problems.add(at + " takes no block");
        }
        if (call.positional() > 0) {
            if (call.positional() > 1 || !call.named().isEmpty() || step.mandatory().size() != 1) {
                problems.add(at + " takes named arguments (" + String.join(", ", step.mandatory())
                        + " mandatory); a lone positional argument works only for a step with one mandatory argument");
            }
            return problems;
        }
        for (Map.Entry<String, Token> arg : call.named().entrySet()) {
            Class<?> type = step.arguments().get(arg.getKey());
            if (type == null) {
                problems.add(at + " has no argument '" + arg.getKey() + "'; it takes "
                        + String.join(", ", new TreeSet<>(step.arguments().keySet())));
            } else if (arg.getValue() != null && arg.getValue().kind() == Kind.STRING && !arg.getValue().interpolated()
                    && !type.isAssignableFrom(String.class)) {
                problems.add(at + " argument '" + arg.getKey() + "' takes " + type.getSimpleName()
                        + ", not the string '" + arg.getValue().text() + "'");
            }
        }
        for (String mandatory : step.mandatory()) {
            if (!call.named().containsKey(mandatory)) {
                problems.add(at + " needs its mandatory argument '" + mandatory + "'");
            }
        }
        return problems;
    }

    // ---- the steps, by reflection ----

    /** A step as the DSL sees it: function name, argument names with their types, the mandatory ones in order. */
    record StepSignature(String name, Map<String, Class<?>> arguments, List<String> mandatory, boolean takesBlock) {}

    static Map<String, StepSignature> pluginSteps() {
        return table(stepClasses(SerialFormTest.pluginClasses()));
    }

    @SuppressWarnings("unchecked")
    static List<Class<? extends Step>> stepClasses(Collection<Class<?>> classes) {
        List<Class<? extends Step>> out = new ArrayList<>();
        for (Class<?> c : classes) {
            if (Step.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())) {
                out.add((Class<? extends Step>) c);
            }
        }
        return out;
    }

    static Map<String, StepSignature> table(Collection<Class<? extends Step>> stepClasses) {
        Map<String, StepSignature> steps = new TreeMap<>();
        for (Class<? extends Step> c : stepClasses) {
            StepSignature s = signature(c);
            StepSignature clash = steps.put(s.name(), s);
            assertThat(clash).as("two steps are called " + s.name()).isNull();
        }
        return steps;
    }

    static StepSignature signature(Class<? extends Step> stepClass) {
        StepDescriptor descriptor;
        try {
            Constructor<?> ctor = descriptorClass(stepClass).getDeclaredConstructor();
            ctor.setAccessible(true);
            descriptor = (StepDescriptor) ctor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot instantiate " + stepClass.getName() + ".DescriptorImpl", e);
        }
        Map<String, Class<?>> arguments = new LinkedHashMap<>();
        List<String> mandatory = new ArrayList<>();
        for (Constructor<?> ctor : stepClass.getDeclaredConstructors()) {
            if (ctor.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Parameter p : ctor.getParameters()) {
                    assertThat(p.isNamePresent()).as(stepClass.getName() + " compiled with -parameters").isTrue();
                    arguments.put(p.getName(), p.getType());
                    mandatory.add(p.getName());
                }
            }
        }
        for (Class<?> k = stepClass; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Method m : k.getDeclaredMethods()) {
                if (m.isAnnotationPresent(DataBoundSetter.class) && m.getName().startsWith("set")
                        && m.getParameterCount() == 1) {
                    arguments.putIfAbsent(decapitalize(m.getName().substring(3)), m.getParameterTypes()[0]);
                }
            }
            for (Field f : k.getDeclaredFields()) {
                if (f.isAnnotationPresent(DataBoundSetter.class)) {
                    arguments.putIfAbsent(f.getName(), f.getType());
                }
            }
        }
        return new StepSignature(descriptor.getFunctionName(), arguments, mandatory,
                descriptor.takesImplicitBlockArgument());
    }

    static Class<?> descriptorClass(Class<?> stepClass) {
        for (Class<?> nested : stepClass.getDeclaredClasses()) {
            if (nested.getSimpleName().equals("DescriptorImpl") && StepDescriptor.class.isAssignableFrom(nested)) {
                return nested;
            }
        }
        throw new AssertionError(stepClass.getName() + " has no nested DescriptorImpl extending StepDescriptor");
    }

    /** As java.beans.Introspector: "URL" stays "URL", "SkipTests" becomes "skipTests". */
    private static String decapitalize(String name) {
        if (name.length() > 1 && Character.isUpperCase(name.charAt(0)) && Character.isUpperCase(name.charAt(1))) {
            return name;
        }
        return name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
    }

    // ---- the examples on disk ----

    /** {@code jenkins-plugin/examples}, from the offline module ({@code jenkins-plugin/offline}) or the real one. */
    static Path examplesDirectory() {
        for (Path candidate : List.of(Path.of("examples"), Path.of("..", "examples"), Path.of("jenkins-plugin",
                "examples"))) {
            if (Files.isRegularFile(candidate.resolve("canary.Jenkinsfile"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new AssertionError("jenkins-plugin/examples not found from " + Path.of("").toAbsolutePath());
    }

    static List<Path> jenkinsfiles() {
        try (Stream<Path> files = Files.list(examplesDirectory())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".Jenkinsfile")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- lexing ----

    enum Kind { NAME, STRING, NUMBER, OPERATOR, NEWLINE }

    /**
     * One token. A string's {@code text} is its content without quotes; {@code interpolated} says it holds
     * {@code ${}}/{@code $name} interpolations, whose own tokens are in {@code parts}.
     */
    record Token(Kind kind, String text, int line, boolean interpolated, List<List<Token>> parts) {
        Token(Kind kind, String text, int line) {
            this(kind, text, line, false, List.of());
        }

        boolean is(String s) {
            return (kind == Kind.OPERATOR || kind == Kind.NAME) && text.equals(s);
        }
    }

    static final class Lexer {
        private static final List<String> OPERATORS = List.of("==~", "<=>", "...", "?.", "*.", ".&", "..", "->",
                "==", "!=", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "?:", "=~", "**", "<<", ">>");

        private final String s;
        private int i;
        private int line;
        private final List<Token> out = new ArrayList<>();

        private Lexer(String s, int line) {
            this.s = s;
            this.line = line;
        }

        static List<Token> lex(String source) {
            Lexer l = new Lexer(source, 1);
            if (source.startsWith("#!")) {
                while (l.i < source.length() && source.charAt(l.i) != '\n') {
                    l.i++;
                }
            }
            l.run();
            return l.out;
        }

        private void run() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\n') {
                    if (out.isEmpty() || out.get(out.size() - 1).kind() != Kind.NEWLINE) {
                        out.add(new Token(Kind.NEWLINE, "\n", line));
                    }
                    line++;
                    i++;
                } else if (Character.isWhitespace(c)) {
                    i++;
                } else if (s.startsWith("//", i)) {
                    while (i < s.length() && s.charAt(i) != '\n') {
                        i++;
                    }
                } else if (s.startsWith("/*", i)) {
                    int end = s.indexOf("*/", i + 2);
                    end = end < 0 ? s.length() : end + 2;
                    countLines(i, end);
                    i = end;
                } else if (s.startsWith("'''", i)) {
                    string("'''", false);
                } else if (s.startsWith("\"\"\"", i)) {
                    string("\"\"\"", true);
                } else if (c == '\'') {
                    string("'", false);
                } else if (c == '"') {
                    string("\"", true);
                } else if (s.startsWith("$/", i)) {
                    dollarSlashy();
                } else if (c == '/' && operandExpected()) {
                    string("/", true);
                } else if (Character.isJavaIdentifierStart(c)) {
                    int start = i;
                    while (i < s.length() && Character.isJavaIdentifierPart(s.charAt(i))) {
                        i++;
                    }
                    out.add(new Token(Kind.NAME, s.substring(start, i), line));
                } else if (Character.isDigit(c)) {
                    int start = i;
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
                            || (s.charAt(i) == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))))) {
                        i++;
                    }
                    out.add(new Token(Kind.NUMBER, s.substring(start, i), line));
                } else {
                    String op = String.valueOf(c);
                    for (String candidate : OPERATORS) {
                        if (s.startsWith(candidate, i)) {
                            op = candidate;
                            break;
                        }
                    }
                    out.add(new Token(Kind.OPERATOR, op, line));
                    i += op.length();
                }
            }
        }

        /** A {@code /} starts a slashy string where an operand is expected, else it divides. */
        private boolean operandExpected() {
            for (int k = out.size() - 1; k >= 0; k--) {
                Token t = out.get(k);
                if (t.kind() == Kind.NEWLINE) {
                    continue;
                }
                if (t.kind() == Kind.NAME) {
                    return KEYWORDS.contains(t.text()) && !Set.of("this", "super", "true", "false", "null")
                            .contains(t.text());
                }
                return t.kind() == Kind.OPERATOR && !t.is(")") && !t.is("]") && !t.is("}");
            }
            return true;
        }

        private void string(String quote, boolean interpolating) {
            int startLine = line;
            i += quote.length();
            StringBuilder text = new StringBuilder();
            List<List<Token>> parts = new ArrayList<>();
            boolean multiline = quote.length() == 3;
            while (i < s.length() && !s.startsWith(quote, i)) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length()) {
                    if (quote.equals("/") && s.charAt(i + 1) != '/') {
                        text.append(c); // in a slashy string only \/ is an escape
                        i++;
                        continue;
                    }
                    if (s.charAt(i + 1) == '\n') {
                        line++;
                    }
                    text.append(s.charAt(i + 1));
                    i += 2;
                } else if (interpolating && c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                    int end = matchingBrace(i + 1);
                    parts.add(new Lexer(s.substring(i + 2, end), line).lexAll());
                    text.append(s, i, Math.min(end + 1, s.length()));
                    countLines(i, end);
                    i = end + 1;
                } else if (interpolating && c == '$' && i + 1 < s.length()
                        && Character.isJavaIdentifierStart(s.charAt(i + 1))) {
                    int start = i + 1;
                    int end = start;
                    while (end < s.length() && (Character.isJavaIdentifierPart(s.charAt(end))
                            || (s.charAt(end) == '.' && end + 1 < s.length()
                                    && Character.isJavaIdentifierStart(s.charAt(end + 1))))) {
                        end++;
                    }
                    parts.add(new Lexer(s.substring(start, end), line).lexAll());
                    text.append(s, i, end);
                    i = end;
                } else {
                    if (c == '\n') {
                        if (!multiline && !quote.equals("/")) {
                            break; // an unterminated one-line string: stop at the line end
                        }
                        line++;
                    }
                    text.append(c);
                    i++;
                }
            }
            i = Math.min(s.length(), i + quote.length());
            out.add(new Token(Kind.STRING, text.toString(), startLine, !parts.isEmpty(), parts));
        }

        private void dollarSlashy() {
            int startLine = line;
            int end = s.indexOf("/$", i + 2);
            end = end < 0 ? s.length() : end;
            countLines(i, end);
            out.add(new Token(Kind.STRING, s.substring(i + 2, end), startLine));
            i = Math.min(s.length(), end + 2);
        }

        /** The index of the brace closing the one at {@code open}, skipping nested braces and strings. */
        private int matchingBrace(int open) {
            int depth = 0;
            for (int k = open; k < s.length(); k++) {
                char c = s.charAt(k);
                if (c == '\'' || c == '"') {
                    k = skipQuoted(k, c);
                } else if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    return k;
                }
            }
            return s.length();
        }

        private int skipQuoted(int k, char quote) {
            for (k++; k < s.length() && s.charAt(k) != quote; k++) {
                if (s.charAt(k) == '\\') {
                    k++;
                }
            }
            return k;
        }

        private List<Token> lexAll() {
            run();
            return out;
        }

        private void countLines(int from, int to) {
            for (int k = from; k < Math.min(to, s.length()); k++) {
                if (s.charAt(k) == '\n') {
                    line++;
                }
            }
        }
    }

    // ---- reading the tokens ----

    record Call(String name, int line, Map<String, Token> named, int positional, boolean block) {}

    record ParamUse(String name, int line) {}

    /** What one Jenkinsfile declares, uses and calls; interpolations are read as code of their own. */
    static final class Scan {
        private final List<List<Token>> sequences = new ArrayList<>();

        Scan(String jenkinsfile) {
            collect(Lexer.lex(jenkinsfile));
        }

        private void collect(List<Token> tokens) {
            sequences.add(tokens);
            for (Token t : tokens) {
                t.parts().forEach(this::collect);
            }
        }

        Set<String> declaredParameters() {
            Set<String> names = new LinkedHashSet<>();
            for (List<Token> t : sequences) {
                for (int k = 0; k < t.size(); k++) {
                    if (!t.get(k).is("parameters") || afterDot(t, k)) {
                        continue;
                    }
                    int open = next(t, k);
                    if (open < t.size() && (t.get(open).is("{") || t.get(open).is("("))) {
                        int close = close(t, open);
                        for (int j = open + 1; j < close; j++) {
                            if (t.get(j).kind() == Kind.NAME && PARAMETER_TYPES.contains(t.get(j).text())
                                    && next(t, j) < close && t.get(next(t, j)).is("(")) {
                                Token name = arguments(t, next(t, j), close(t, next(t, j))).named().get("name");
                                if (name != null && name.kind() == Kind.STRING && !name.interpolated()) {
                                    names.add(name.text());
                                }
                            }
                        }
                    }
                }
            }
            return names;
        }

        List<ParamUse> parameterUses() {
            List<ParamUse> uses = new ArrayList<>();
            for (List<Token> t : sequences) {
                for (int k = 0; k < t.size(); k++) {
                    if (!t.get(k).is("params") || t.get(k).kind() != Kind.NAME || afterDot(t, k)) {
                        continue;
                    }
                    int n = k + 1;
                    if (n + 1 < t.size() && (t.get(n).is(".") || t.get(n).is("?."))
                            && t.get(n + 1).kind() == Kind.NAME) {
                        uses.add(new ParamUse(t.get(n + 1).text(), t.get(n + 1).line()));
                    } else if (n + 2 < t.size() && t.get(n).is("[") && t.get(n + 1).kind() == Kind.STRING
                            && !t.get(n + 1).interpolated() && t.get(n + 2).is("]")) {
                        uses.add(new ParamUse(t.get(n + 1).text(), t.get(n + 1).line()));
                    }
                }
            }
            return uses;
        }

        /** Functions and closure variables the file defines: {@code def f(...)}, {@code Type f(...)}, {@code def f = {}}. */
        Set<String> definedNames() {
            Set<String> names = new LinkedHashSet<>();
            for (List<Token> t : sequences) {
                for (int k = 0; k < t.size(); k++) {
                    if (t.get(k).kind() == Kind.NAME && isDefinition(t, k)) {
                        names.add(t.get(k).text());
                    }
                }
            }
            return names;
        }

        Set<String> calledNames() {
            Set<String> names = new TreeSet<>();
            calls().forEach(c -> names.add(c.name()));
            return names;
        }

        List<Call> calls() {
            List<Call> calls = new ArrayList<>();
            for (List<Token> t : sequences) {
                for (int k = 0; k < t.size(); k++) {
                    Token name = t.get(k);
                    if (name.kind() != Kind.NAME || KEYWORDS.contains(name.text())
                            || Character.isUpperCase(name.text().charAt(0)) || name.text().equals("_")
                            || afterDot(t, k) || isDefinition(t, k) || preceded(t, k, "new") || preceded(t, k, "@")) {
                        continue;
                    }
                    int n = k + 1;
                    if (n >= t.size()) {
                        continue;
                    }
                    Token following = t.get(n);
                    if (following.is("(")) {
                        int close = close(t, n);
                        Call args = arguments(t, n, close);
                        boolean block = close + 1 < t.size() && t.get(close + 1).is("{");
                        calls.add(new Call(name.text(), name.line(), args.named(), args.positional(), block));
                    } else if (following.is("{")) {
                        calls.add(new Call(name.text(), name.line(), Map.of(), 0, true));
                    } else if (statementStart(t, k) && startsArgument(t, n)) {
                        int end = statementEnd(t, n);
                        Call args = arguments(t, k, end);
                        boolean block = end < t.size() && t.get(end).is("{");
                        calls.add(new Call(name.text(), name.line(), args.named(), args.positional(), block));
                    }
                }
            }
            return calls;
        }

        /**
         * The named and positional arguments between {@code open} (a parenthesis, or the step name in command
         * syntax) and {@code end}, at the top level only.
         */
        private static Call arguments(List<Token> t, int open, int end) {
            Map<String, Token> named = new LinkedHashMap<>();
            int positional = 0;
            int depth = 0;
            boolean argumentStart = true;
            for (int k = open + 1; k < end; k++) {
                Token tok = t.get(k);
                if (tok.kind() == Kind.NEWLINE) {
                    continue;
                }
                if (depth == 0 && argumentStart) {
                    int colon = next(t, k);
                    if ((tok.kind() == Kind.NAME || (tok.kind() == Kind.STRING && !tok.interpolated()))
                            && colon < end && t.get(colon).is(":")) {
                        int value = next(t, colon);
                        named.put(tok.text(), value < end && (next(t, value) >= end || t.get(next(t, value)).is(","))
                                ? t.get(value) : null);
                        k = colon;
                    } else {
                        positional++;
                    }
                    argumentStart = false;
                }
                if (tok.is("(") || tok.is("[") || tok.is("{")) {
                    depth++;
                } else if (tok.is(")") || tok.is("]") || tok.is("}")) {
                    depth--;
                } else if (depth == 0 && tok.is(",")) {
                    argumentStart = true;
                }
            }
            return new Call("", 0, named, positional, false);
        }

        /** A name is a definition when {@code def}, {@code void}, a primitive or a type comes before it. */
        private static boolean isDefinition(List<Token> t, int k) {
            int p = previous(t, k);
            if (p < 0 || t.get(p).kind() != Kind.NAME || k + 1 >= t.size()) {
                return false;
            }
            String before = t.get(p).text();
            boolean declaring = DECLARING.contains(before)
                    || (Character.isUpperCase(before.charAt(0)) && !afterDot(t, p) && !preceded(t, p, "new"));
            if (!declaring) {
                return false;
            }
            Token after = t.get(k + 1);
            if (after.is("(")) {
                return true; // def f(...), Map f(...)
            }
            if (after.is("=")) {
                int value = next(t, k + 1);
                return value < t.size() && t.get(value).is("{"); // def f = { ... }
            }
            return false;
        }

        private static boolean statementStart(List<Token> t, int k) {
            if (k == 0) {
                return true;
            }
            Token p = t.get(k - 1);
            return p.kind() == Kind.NEWLINE || p.is("{") || p.is(";") || p.is("->") || p.is("else");
        }

        private static boolean startsArgument(List<Token> t, int n) {
            Token a = t.get(n);
            return switch (a.kind()) {
                case STRING, NUMBER -> true;
                case NAME -> !Set.of("in", "instanceof", "as").contains(a.text())
                        && !(n + 1 < t.size() && t.get(n + 1).is("=")); // x y = 1 is a declaration
                case OPERATOR -> a.is("[");
                case NEWLINE -> false;
            };
        }

        /** The end of a command-syntax statement: a top-level line end not continued by a comma or an operator. */
        private static int statementEnd(List<Token> t, int from) {
            int depth = 0;
            for (int k = from; k < t.size(); k++) {
                Token tok = t.get(k);
                if (tok.is("(") || tok.is("[")) {
                    depth++;
                } else if (tok.is(")") || tok.is("]")) {
                    depth--;
                } else if (tok.is("{")) {
                    if (depth == 0) {
                        return k; // a block argument: echo 'x' { } is not Groovy, node 'x' { } is
                    }
                    depth++;
                } else if (tok.is("}")) {
                    if (depth == 0) {
                        return k;
                    }
                    depth--;
                } else if (depth == 0 && (tok.is(";") || (tok.kind() == Kind.NEWLINE && !continued(t, k)))) {
                    return k;
                }
            }
            return t.size();
        }

        private static boolean continued(List<Token> t, int newline) {
            Token before = t.get(newline - 1);
            return before.kind() == Kind.OPERATOR && !before.is(")") && !before.is("]") && !before.is("}");
        }

        private static boolean afterDot(List<Token> t, int k) {
            return preceded(t, k, ".") || preceded(t, k, "?.") || preceded(t, k, "*.") || preceded(t, k, ".&");
        }

        private static boolean preceded(List<Token> t, int k, String s) {
            int p = previous(t, k);
            return p >= 0 && t.get(p).is(s);
        }

        private static int previous(List<Token> t, int k) {
            int p = k - 1;
            while (p >= 0 && t.get(p).kind() == Kind.NEWLINE) {
                p--;
            }
            return p;
        }

        private static int next(List<Token> t, int k) {
            int n = k + 1;
            while (n < t.size() && t.get(n).kind() == Kind.NEWLINE) {
                n++;
            }
            return n;
        }

        /** The index of the bracket closing the one at {@code open} (or the end). */
        private static int close(List<Token> t, int open) {
            int depth = 0;
            for (int k = open; k < t.size(); k++) {
                Token tok = t.get(k);
                if (tok.is("(") || tok.is("[") || tok.is("{")) {
                    depth++;
                } else if ((tok.is(")") || tok.is("]") || tok.is("}")) && --depth == 0) {
                    return k;
                }
            }
            return t.size();
        }
    }

    // ---- fixtures: steps with known signatures, never registered (no @Extension) ----

    public static final class CanaryFixtureStep extends Step {
        private final String environment;
        private final String version;
        private String config = "rollgate.yaml";
        private String reason;
        private int waitForLockMinutes;

        @DataBoundConstructor
        public CanaryFixtureStep(String environment, String version) {
            this.environment = environment;
            this.version = version;
        }

        public String getEnvironment() {
            return environment;
        }

        public String getVersion() {
            return version;
        }

        public String getConfig() {
            return config;
        }

        @DataBoundSetter
        public void setConfig(String config) {
            this.config = config;
        }

        public String getReason() {
            return reason;
        }

        @DataBoundSetter
        public void setReason(String reason) {
            this.reason = reason;
        }

        public int getWaitForLockMinutes() {
            return waitForLockMinutes;
        }

        @DataBoundSetter
        public void setWaitForLockMinutes(int waitForLockMinutes) {
            this.waitForLockMinutes = waitForLockMinutes;
        }

        @Override
        public StepExecution start(StepContext context) {
            throw new UnsupportedOperationException("a fixture");
        }

        public static final class DescriptorImpl extends StepDescriptor {
            @Override
            public String getFunctionName() {
                return "canaryDeploy";
            }

            @Override
            public Set<? extends Class<?>> getRequiredContext() {
                return Set.of(Run.class, TaskListener.class);
            }
        }
    }

    public static final class GateFixtureStep extends Step {
        private final String environment;
        private boolean emergency;
        private String reason;

        @DataBoundConstructor
        public GateFixtureStep(String environment) {
            this.environment = environment;
        }

        public String getEnvironment() {
            return environment;
        }

        public boolean isEmergency() {
            return emergency;
        }

        @DataBoundSetter
        public void setEmergency(boolean emergency) {
            this.emergency = emergency;
        }

        public String getReason() {
            return reason;
        }

        @DataBoundSetter
        public void setReason(String reason) {
            this.reason = reason;
        }

        @Override
        public StepExecution start(StepContext context) {
            throw new UnsupportedOperationException("a fixture");
        }

        public static final class DescriptorImpl extends StepDescriptor {
            @Override
            public String getFunctionName() {
                return "deploymentGate";
            }

            @Override
            public Set<? extends Class<?>> getRequiredContext() {
                return Set.of(Run.class, TaskListener.class);
            }
        }
    }
}
