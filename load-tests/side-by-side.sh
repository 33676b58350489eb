#!/usr/bin/env bash
# The side-by-side benchmark in one command: govshare against direct JDBC, a bare Spring MVC endpoint, PostGraphile
# and an Apollo federation gateway, on 1,000,000 generated residents. Writes load-tests/RESULTS.md and
# load-tests/results/side-by-side.png (latency) and load-tests/results/start-curve.svg (throughput and CPU per request
# over the first 5 minutes after each start). Needs the local PostgreSQL (5432), MariaDB (3306) and Redis (6379),
# Java 17+, and npm for the peers. Run it on a quiet machine: it watches the machine before and during each system's
# run (other processes' CPU from /proc, steal time) and writes a busy run to load-tests/work/partial/, not RESULTS.md.
#
#   load-tests/side-by-side.sh                # full run, about 70 minutes on 2 cores
#   load-tests/side-by-side.sh --quick        # a few minutes: proves the pipeline, its figures are not results
#   (quick runs, runs without peers and --systems subsets write to load-tests/work/partial/, not RESULTS.md)
#   options: --reload-data  --no-peers  --repetitions N  --residents N  --systems a,b
#            --gateway-java PATH  --gateway-jar PATH  --gateway-jvm-option OPTION (start-up levers)
#            --start-curve-only (each system's first 5 minutes under W1 only, for measuring those levers)
#            --workloads W1,W3 (measure only these after the usual warm-up)
#            --async-profiler PATH/libasyncProfiler.so (a CPU profile of each measured part of the Java servers,
#              collapsed stacks in load-tests/work/profiles/)
#   Every measured part also writes its 200 slowest answers (wall-clock due time, how late the generator sent each,
#   latency) to load-tests/work/slowest/, to line a tail up with the server's logs or a JFR recording.
set -euo pipefail

exec "$(dirname "${BASH_SOURCE[0]}")/run-java.sh" side-by-side classes 512m 2g \
  org.govshare.loadtest.sidebyside.SideBySideBenchmark "$@"
