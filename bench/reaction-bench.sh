#!/usr/bin/env bash
# Reaction time of automatic rollback on the local target, with real demo-app processes and real traffic: from a
# failing canary taking 50% of traffic to 100% back on stable. Analysis interval 1s; runs failureLimit 1 (the
# issue's setting: roll back at the second failed check) and failureLimit 0 (the floor: the first failed check).
# Prints each trial and the median/max; exits 1 if failureLimit 1 misses the 2.5 s target.
#
#   bench/reaction-bench.sh            5 trials each
#   TRIALS=10 bench/reaction-bench.sh
#
# Not part of the test suite: figures depend on the machine and its load.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
trials=${TRIALS:-5}
./mvnw -q -B -Pbench -pl bench/engine -am -DskipTests -Djacoco.skip=true package >&2
cp=$(cat bench/engine/target/classpath.txt):bench/engine/target/classes
java -Drollgate.repo=. -cp "$cp" dev.rollgate.bench.ReactionTimeBench "$trials" 0 || true
java -Drollgate.repo=. -cp "$cp" dev.rollgate.bench.ReactionTimeBench "$trials" 1
