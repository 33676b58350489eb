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

# The run uses its own copy of the classes, of the project's jars on its class path and of the gateway's jar, so that a
# build meanwhile (from this worktree) cannot change them under the running load generator or gateway.
work="$root/load-tests/work"
rm -rf "${work:?}/$copy" "$work/$copy-jars"
mkdir -p "$work/$copy-jars"
cp -r "$root/load-tests/target/classes" "$work/$copy"
classpath="$work/$copy"
IFS=: read -r -a entries < "$root/load-tests/target/side-by-side.classpath" || true  # no newline at its end
for entry in "${entries[@]}"; do
  if [[ $entry == "$root"/* ]]; then
    cp "$entry" "$work/$copy-jars/"
    entry="$work/$copy-jars/$(basename "$entry")"
  fi
  classpath="$classpath:$entry"
done
gateway_jar="$work/$copy-jars/govshare-gateway-exec.jar"
cp "$root/gateway/target/govshare-gateway-0.1.0-SNAPSHOT-exec.jar" "$gateway_jar"
pin=()
if taskset -c 1 true 2>/dev/null; then
  pin=(taskset -c 1)
fi

# The main stops every server it started when it ends, fails or is interrupted (a JVM shutdown hook); exec keeps
# Ctrl-C and kill aimed at it.
exec "${pin[@]}" java "-Xms$min_heap" "-Xmx$max_heap" -cp "$classpath" "$main" --root "$root" --gateway-jar "$gateway_jar" "$@"
