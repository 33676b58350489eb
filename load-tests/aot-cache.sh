#!/usr/bin/env bash
# Trains a JDK 25 AOT cache (JEP 483, 514, 515: classes loaded and linked, and method profiles, ahead of time) for the
# gateway and prints the start command that uses it. The bytecode stays Java 17; only the JVM that runs it is 25.
#
#   load-tests/aot-cache.sh [JDK_HOME]     # default /usr/lib/jvm/temurin-25-jdk-amd64
#
# Steps: build the jar; extract it with Spring Boot's tools jar mode (an AOT cache checks its class path, which must be
# plain jars); one training run in the demo profile with -XX:AOTCacheOutput that stops once the application context
# is refreshed (-Dspring.context.exit=onRefresh, Spring Boot's training-run switch), writing
# load-tests/work/aot/govshare.aot. The training run covers start-up (classes, Spring's context); it does not send
# requests, so the request path is still compiled by the JIT under load.
#
# Measure it side by side, on a quiet machine:
#   load-tests/side-by-side.sh --repetitions 1 --systems govshare,bare,postgraphile \
#     --gateway-java "$JDK_HOME/bin/java" --gateway-jar load-tests/work/aot/app/govshare-gateway-0.1.0-SNAPSHOT-exec.jar \
#     --gateway-jvm-option -XX:AOTCache=load-tests/work/aot/govshare.aot
# and compare "The first minutes after start" (results/start-curve.svg) and the start-up table with a run without the
# three options. Other levers go the same way, e.g. --gateway-jvm-option -XX:+UseParallelGC.
set -euo pipefail

jdk=${1:-/usr/lib/jvm/temurin-25-jdk-amd64}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if ! "$jdk/bin/java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q AOTCacheOutput; then
  echo "aot-cache: $jdk has no AOT cache (JDK 25 or later is needed)" >&2
  exit 1
fi

echo "aot-cache: building the gateway jar (tests skipped) …"
./mvnw -B -q -DskipTests -pl gateway -am package
jar=gateway/target/govshare-gateway-0.1.0-SNAPSHOT-exec.jar
out=load-tests/work/aot
rm -rf "$out"
mkdir -p "$out"
"$jdk/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$out/app"

echo "aot-cache: training run …"
"$jdk/bin/java" -XX:AOTCacheOutput="$out/govshare.aot" -Dspring.context.exit=onRefresh \
  -jar "$out/app/$(basename "$jar")" \
  --spring.profiles.active=demo --govshare.demo.residents=1000 --server.port=0 >"$out/training.log" 2>&1 || {
  echo "aot-cache: the training run failed, see $out/training.log" >&2
  exit 1
}
ls -l "$out/govshare.aot"
echo "aot-cache: start with"
echo "  $jdk/bin/java -XX:AOTCache=$out/govshare.aot -jar $out/app/$(basename "$jar") …"
