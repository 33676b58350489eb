#!/usr/bin/env bash
# The side-by-side benchmark in one command: govshare against direct JDBC, a bare Spring MVC endpoint, PostGraphile
# and an Apollo federation gateway, on 1,000,000 generated residents. Writes load-tests/RESULTS.md and
# load-tests/results/side-by-side.png. Needs the local PostgreSQL (5432), MariaDB (3306) and Redis (6379), Java 17+,
# and npm for the peers.
#
#   load-tests/side-by-side.sh                # full run, about 70 minutes on 2 cores
#   load-tests/side-by-side.sh --quick        # a few minutes: proves the pipeline, its figures are not results
#   (quick runs, runs without peers and --systems subsets write to load-tests/work/partial/, not RESULTS.md)
#   options: --reload-data  --no-peers  --repetitions N  --residents N
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

echo "side-by-side: building the gateway jar and the benchmark (tests skipped) …"
./mvnw -B -q -Pside-by-side -DskipTests -pl load-tests -am package

# The run uses a copy of the benchmark's classes, so that rebuilding load-tests meanwhile cannot change them under it.
rm -rf "$root/load-tests/work/classes"
mkdir -p "$root/load-tests/work"
cp -r "$root/load-tests/target/classes" "$root/load-tests/work/classes"
classpath="$root/load-tests/work/classes:$(cat "$root/load-tests/target/side-by-side.classpath")"
pin=()
if taskset -c 1 true 2>/dev/null; then
  # The servers under test run on core 0 (the benchmark starts them with taskset -c 0); the generator stays on core 1.
  pin=(taskset -c 1)
fi

# The benchmark stops every server it started when it ends, fails or is interrupted (a JVM shutdown hook); exec keeps
# Ctrl-C and kill aimed at it.
exec "${pin[@]}" java -Xms512m -Xmx2g -cp "$classpath" org.govshare.loadtest.sidebyside.SideBySideBenchmark \
  --root "$root" "$@"
