#!/usr/bin/env bash
# The soak run (issue #9): the gateway as deployed, on the side-by-side benchmark's 1,000,000 residents, held at a
# share of its maximum rate on the benchmark mix (W1–W5) for minutes, then checked: no errors but W5's intended
# refusals, a flat heap, no connection leak, every answered operation audited. Exits non-zero when a check fails.
# Needs the local PostgreSQL (5432), MariaDB (3306) and Redis (6379) and Java 17+; not part of ./mvnw verify.
# Never run it beside side-by-side.sh or another soak, from any worktree: they share the benchmark databases, and each
# re-creates the control-plane database.
#
#   load-tests/soak.sh                          # 10 minutes at 70 % (writes load-tests/results/soak.md), about 16 in all
#   load-tests/soak.sh --minutes 1              # proves the pipeline (writes load-tests/work/partial/soak.md)
#   options: --minutes N (default 10)  --rate-fraction F (default 0.7)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

echo "soak: building the gateway jar and the load tests (tests skipped) …"
./mvnw -B -q -Pside-by-side -DskipTests -pl load-tests -am package

# Its own copy of the classes, so that a rebuild meanwhile cannot change them under the run.
rm -rf "$root/load-tests/work/soak-classes"
mkdir -p "$root/load-tests/work"
cp -r "$root/load-tests/target/classes" "$root/load-tests/work/soak-classes"
classpath="$root/load-tests/work/soak-classes:$(cat "$root/load-tests/target/side-by-side.classpath")"
pin=()
if taskset -c 1 true 2>/dev/null; then
  # The gateway runs on core 0 (started with taskset -c 0); the load generator stays on core 1.
  pin=(taskset -c 1)
fi

# The run stops the gateway when it ends, fails or is interrupted (a JVM shutdown hook); exec keeps Ctrl-C and kill
# aimed at it.
exec "${pin[@]}" java -Xms256m -Xmx1g -cp "$classpath" org.govshare.loadtest.soak.SoakRun --root "$root" "$@"
