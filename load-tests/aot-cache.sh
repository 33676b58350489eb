#!/usr/bin/env bash
# Trains a JDK 25 AOT cache (JEP 483, 514, 515: classes loaded and linked, and method profiles, ahead of time) for the
# gateway and prints the start command that uses it. The bytecode stays Java 17; only the JVM that runs it is 25.
#
#   load-tests/aot-cache.sh [JDK_HOME]     # default /usr/lib/jvm/temurin-25-jdk-amd64
#
# Steps: build the jar; extract it with Spring Boot's tools jar mode (an AOT cache checks its class path, which must be
# plain jars); one training run in the demo profile with -XX:AOTCacheOutput, writing load-tests/work/aot/govshare.aot
# when it exits. The training run sends the benchmark's request shapes for TRAINING_SECONDS (default 60) before it is
# stopped: W1 (a key lookup, dongguan-window) and W3 (a verification, bank-kyc, whose rate quota the benchmark's grant
# lifts), so the cache holds the request path's method profiles (JEP 515) as well as start-up's classes, and the JIT
# compiles that path as soon as it is hot instead of profiling it under load first. TRAINING_SECONDS=0 trains
# start-up only (the context is refreshed, then the JVM exits: -Dspring.context.exit=onRefresh). Measured in
# load-tests/results/start-curve-levers.md.
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

seconds=${TRAINING_SECONDS:-60}
app="$out/app/$(basename "$jar")"
if [ "$seconds" -eq 0 ]; then
  echo "aot-cache: training run (start-up only) …"
  "$jdk/bin/java" -XX:AOTCacheOutput="$out/govshare.aot" -Dspring.context.exit=onRefresh -jar "$app" \
    --spring.profiles.active=demo --govshare.demo.residents=1000 --server.port=0 >"$out/training.log" 2>&1 || {
    echo "aot-cache: the training run failed, see $out/training.log" >&2
    exit 1
  }
else
  port=${TRAINING_PORT:-18481}
  echo "aot-cache: training run: start-up, then ${seconds} s of W1 and W3 requests on port $port …"
  "$jdk/bin/java" -XX:AOTCacheOutput="$out/govshare.aot" -jar "$app" \
    --spring.profiles.active=demo --govshare.demo.residents=1000 --server.port="$port" \
    --spring.flyway.locations=classpath:db/migration/policy,classpath:db/migration/audit,classpath:db/demo,filesystem:load-tests/src/main/resources/db/bench \
    --logging.level.root=WARN >"$out/training.log" 2>&1 &
  training=$!
  trap 'kill "$training" 2>/dev/null || true' EXIT
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 180); do
    if curl -sf "$base/actuator/health/readiness" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$training" 2>/dev/null; then
      echo "aot-cache: the training run stopped during start-up, see $out/training.log" >&2
      exit 1
    fi
    sleep 1
  done
  token() {
    curl -sf -u "$1:$1-secret" -d grant_type=client_credentials "$base/oauth2/token" \
      | sed 's/.*"access_token":"\([^"]*\)".*/\1/'
  }
  window=$(token dongguan-window)
  bank=$(token bank-kyc)
  # One curl process per round keeps its connections open and sends 8 requests at a time (a closed loop like the
  # benchmark's clients); the demo's fixed record answers both shapes.
  config="$out/training-requests.curl"
  answers="$out/training-answers"  # each request's answer, the last round's kept: checked below
  mkdir -p "$answers"
  : >"$config"
  for i in $(seq 1 500); do
    cat >>"$config" <<REQUESTS
url = "$base/graphql"
header = "Authorization: Bearer $window"
header = "X-Purpose: PENSION_EXTENSION"
header = "X-Case-Id: TRAIN-$i"
header = "X-Operator-Id: aot-training"
header = "Content-Type: application/json"
data = "{\\"query\\":\\"query(\$id: ID!) { resident(idNumber: \$id) { name birthDate regionCode } }\\",\\"variables\\":{\\"id\\":\\"44190019620315048X\\"}}"
output = "$answers/w1-$i.json"
next
url = "$base/graphql"
header = "Authorization: Bearer $bank"
header = "X-Purpose: ACCOUNT_OPENING_KYC"
header = "X-Case-Id: TRAIN-$i"
header = "X-Operator-Id: aot-training"
header = "Content-Type: application/json"
data = "{\\"query\\":\\"query(\$id: ID!, \$name: String!, \$birthDate: Date!) { verifyResident(idNumber: \$id, claims: {name: \$name, birthDate: \$birthDate}) { outcome } }\\",\\"variables\\":{\\"id\\":\\"44190019620315048X\\",\\"name\\":\\"张秀英\\",\\"birthDate\\":\\"1962-03-15\\"}}"
output = "$answers/w3-$i.json"
next
REQUESTS
  done
  sed -i '$d' "$config"  # the last "next" would start a request without a URL
  started=$(date +%s)
  rounds=0
  while [ $(($(date +%s) - started)) -lt "$seconds" ]; do
    rm -f "$answers"/*.json
    curl -s --parallel --parallel-max 8 -K "$config" >/dev/null 2>&1 || true
    rounds=$((rounds + 1))
    echo "aot-cache: $((rounds * 1000)) requests sent, $(($(date +%s) - started)) of ${seconds} s"
  done
  # Every request of the last round answered as the benchmark's do (a training on refusals profiles the wrong path).
  answered=$(grep -l -e '"name":"张秀英"' -e '"outcome":"MATCH"' "$answers"/*.json 2>/dev/null | wc -l || true)
  wrong=$((1000 - answered))
  if [ "$wrong" -ne 0 ]; then
    echo "aot-cache: $wrong training requests were not answered as they should be, see $answers" >&2
    exit 1
  fi
  echo "aot-cache: stopping the training run; the JVM writes the cache as it exits …"
  kill -TERM "$training"
  wait "$training" || true
  trap - EXIT
  if [ ! -s "$out/govshare.aot" ]; then
    echo "aot-cache: no cache was written, see $out/training.log" >&2
    exit 1
  fi
fi
ls -l "$out/govshare.aot"
echo "aot-cache: start with"
echo "  $jdk/bin/java -XX:AOTCache=$out/govshare.aot -jar $out/app/$(basename "$jar") …"
