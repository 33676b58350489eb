#!/usr/bin/env bash
# Shared by side-by-side.sh and soak.sh: builds the gateway jar and this module (tests skipped), copies the module's
# classes aside and runs one of its mains on core 1, leaving core 0 to the servers it starts (taskset -c 0).
#
#   load-tests/run-java.sh <label> <classes copy> <min heap> <max heap> <main class> [arguments …]
set -euo pipefail
label=$1 copy=$2 min_heap=$3 max_heap=$4 main=$5
shift 5

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

echo "$label: building the gateway jar and the load tests (tests skipped) …"
./mvnw -B -q -Pside-by-side -DskipTests -pl load-tests -am package

# The run uses its own copy of the classes, so that rebuilding load-tests meanwhile cannot change them under it.
rm -rf "$root/load-tests/work/$copy"
mkdir -p "$root/load-tests/work"
cp -r "$root/load-tests/target/classes" "$root/load-tests/work/$copy"
classpath="$root/load-tests/work/$copy:$(cat "$root/load-tests/target/side-by-side.classpath")"
pin=()
if taskset -c 1 true 2>/dev/null; then
  pin=(taskset -c 1)
fi

# The main stops every server it started when it ends, fails or is interrupted (a JVM shutdown hook); exec keeps
# Ctrl-C and kill aimed at it.
exec "${pin[@]}" java "-Xms$min_heap" "-Xmx$max_heap" -cp "$classpath" "$main" --root "$root" "$@"
