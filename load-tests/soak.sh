#!/usr/bin/env bash
# The soak run (issue #9): the gateway as deployed, on the side-by-side benchmark's 1,000,000 residents, held at a
# share of its maximum rate on the benchmark mix (W1–W5) for minutes, then checked: no errors but W5's intended
# refusals, a flat heap, no connection leak, every answered operation audited. Exits non-zero when a check fails.
# Needs the local PostgreSQL (5432), MariaDB (3306) and Redis (6379) and Java 17+; not part of ./mvnw verify.
# Never run it beside side-by-side.sh or another soak, from any worktree: they share the benchmark databases, and each
# re-creates the control-plane database.
#
#   load-tests/soak.sh                          # 10 minutes at 70 % (writes load-tests/results/soak-10-minutes.md)
#   load-tests/soak.sh --minutes 1              # proves the pipeline (writes to load-tests/work/partial/)
#   load-tests/soak.sh --minutes 60             # the hour-long run
#   options: --minutes N (default 10)  --rate-fraction F (default 0.7)
set -euo pipefail

exec "$(dirname "${BASH_SOURCE[0]}")/run-java.sh" soak soak-classes 256m 1g org.govshare.loadtest.soak.SoakRun "$@"
