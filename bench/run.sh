#!/usr/bin/env bash
# Runs every benchmark and writes the results table into docs/benchmarks.md (method and caveats are there).
# Run it on a quiet machine: anything else using the CPUs or the PostgreSQL server shows up in the figures.
#
#   bench/run.sh                       everything at full size (about 15 minutes)
#   BENCH_SMALL=1 bench/run.sh         a quick pass that proves the tooling works (figures not comparable)
#   BENCH_ONLY="purchase pgbench" bench/run.sh
#
# Settings (environment): BENCH_PG (server, default postgresql://postgres@127.0.0.1:5432), BENCH_CLIENTS ("1 4 16 64"),
# BENCH_SECONDS (30 per client count), PGBENCH_SCALE (64), BENCH_SOCKETS (10000), FEED_URL / FEED_TRIGGER_SQL /
# FEED_MATCH / FEED_SUBSCRIBE (measure an already running server instead of starting the backend jar), PLAN_PAYMENTS (500000),
# PLAN_TRANSFERS (5000000).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 21 or newer}/bin/java"

PG=${BENCH_PG:-postgresql://postgres@127.0.0.1:5432}
if [ -n "${BENCH_SMALL:-}" ]; then
  CLIENTS=${BENCH_CLIENTS:-"1 4 16"}; SECS=${BENCH_SECONDS:-10}; SCALE=${PGBENCH_SCALE:-16}
  SOCKETS=${BENCH_SOCKETS:-1000}; CONSOLE_SECONDS=${CONSOLE_SECONDS:-15}; PLAN_PAYMENTS=${PLAN_PAYMENTS:-20000}; PLAN_TRANSFERS=${PLAN_TRANSFERS:-100000}
  JMH="-wi 1 -i 2 -w 1 -r 1"
else
  CLIENTS=${BENCH_CLIENTS:-"1 4 16 64"}; SECS=${BENCH_SECONDS:-30}; SCALE=${PGBENCH_SCALE:-64}
  SOCKETS=${BENCH_SOCKETS:-10000}; CONSOLE_SECONDS=${CONSOLE_SECONDS:-60}; PLAN_PAYMENTS=${PLAN_PAYMENTS:-500000}; PLAN_TRANSFERS=${PLAN_TRANSFERS:-5000000}
  JMH=""
fi
ONLY=${BENCH_ONLY:-"purchase pgbench feed console draw plans"}
RESULTS=bench/target/results
CP="bench/target/classes:bench/target/libs/*"

wants() { [[ " $ONLY " == *" $1 "* ]]; }
fresh_db() { psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null; }
drop_db() { psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null; }

echo "== building the backend jar and the bench tools"
./mvnw -q package -DskipTests -pl backend,console,bench -am
mkdir -p "$RESULTS"
JAR=backend/target/raffle-stars-backend.jar

{
  echo "$(date -u +%Y-%m-%d) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB RAM, $("$JAVA" -version 2>&1 | head -n 1),"
  echo "$(psql "$PG/postgres" -Atc 'SHOW server_version') (synchronous_commit $(psql "$PG/postgres" -Atc 'SHOW synchronous_commit'),"
  echo "shared_buffers $(psql "$PG/postgres" -Atc 'SHOW shared_buffers')), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
  [ -n "${BENCH_SMALL:-}" ] && echo "SMALL PASS (BENCH_SMALL=1): proves the tooling, figures not comparable"
} > "$RESULTS/machine.txt"

if wants purchase; then
  echo "== purchase pipeline: clients $CLIENTS, ${SECS}s each"
  fresh_db raffle_bench
  "$JAVA" -cp "$CP" io.rafflestars.bench.PurchaseBench --database "$PG/raffle_bench" --backend-jar "$JAR" \
    --clients "${CLIENTS// /,}" --seconds "$SECS" --out "$RESULTS/purchase.tsv"
  drop_db raffle_bench
fi

if wants pgbench; then
  echo "== pgbench TPC-B, scale $SCALE, clients $CLIENTS, ${SECS}s each"
  fresh_db raffle_bench_pgbench
  pgbench -i -q -s "$SCALE" "$PG/raffle_bench_pgbench" 2>&1 | tail -n 1
  echo -e "clients\tscale\ttps\tlatency_ms" > "$RESULTS/pgbench.tsv"
  for c in $CLIENTS; do
    j=$(( c < 4 ? c : 4 ))
    out=$(pgbench -c "$c" -j "$j" -T "$SECS" -M prepared "$PG/raffle_bench_pgbench" 2>&1)
    tps=$(echo "$out" | awk '/^tps/ {print $3}')
    lat=$(echo "$out" | awk '/latency average/ {print $4}')
    echo "   $c clients: $tps tps, $lat ms"
    echo -e "$c\t$SCALE\t$(printf '%.1f' "$tps")\t$lat" >> "$RESULTS/pgbench.tsv"
  done
  drop_db raffle_bench_pgbench
fi

if wants feed; then
  echo "== live feed: $SOCKETS sockets"
  if [ -n "${FEED_URL:-}" ]; then
    # A running backend's /ws/player: FEED_TRIGGER_SQL (on FEED_DATABASE) makes one update, e.g. an outbox insert
    # and its NOTIFY; FEED_SERVER_PID is the backend's process, for its memory.
    echo "$FEED_URL" > "$RESULTS/feed-target.txt"
    "$JAVA" -cp "$CP" io.rafflestars.bench.FeedBench --url "$FEED_URL" --sockets "$SOCKETS" \
      --subscribe "${FEED_SUBSCRIBE:-}" --match "${FEED_MATCH:?}" --database "${FEED_DATABASE:?}" \
      --trigger-sql "${FEED_TRIGGER_SQL:?}" --server-pid "${FEED_SERVER_PID:--1}" --out "$RESULTS/feed.tsv"
  else
    # The production jar's /ws/player on a database of its own; every socket follows one raffle on the public channel.
    echo "the backend's /ws/player (production jar, one instance)" > "$RESULTS/feed-target.txt"
    fresh_db raffle_bench_feed
    "$JAVA" -cp "$CP" io.rafflestars.bench.FeedBench --backend-jar "$JAR" --database "$PG/raffle_bench_feed" \
      --sockets "$SOCKETS" --out "$RESULTS/feed.tsv"
    drop_db raffle_bench_feed
  fi
fi

if wants console; then
  echo "== console: 1000 events/s for ${CONSOLE_SECONDS}s into Live transactions (headless)"
  fresh_db raffle_bench_console
  "$JAVA" -cp "$CP" io.rafflestars.bench.ConsoleBench --backend-jar "$JAR" --database "$PG/raffle_bench_console" \
    --rate 1000 --seconds "$CONSOLE_SECONDS" --out "$RESULTS/console.tsv"
  drop_db raffle_bench_console
fi

if wants draw; then
  echo "== draw (JMH)"
  # shellcheck disable=SC2086
  "$JAVA" -cp "$CP" org.openjdk.jmh.Main DrawBenchmark $JMH -rf csv -rff "$RESULTS/draw.csv" | tail -n 4
fi

if wants plans; then
  echo "== hot query plans on $PLAN_PAYMENTS payments / $PLAN_TRANSFERS transfers"
  fresh_db raffle_bench_plans
  "$JAVA" -cp "$CP" io.rafflestars.bench.PlanCheck --database "$PG/raffle_bench_plans" \
    --payments "$PLAN_PAYMENTS" --transfers "$PLAN_TRANSFERS" --out "$RESULTS/plans.tsv"
  drop_db raffle_bench_plans
fi

echo ", load average at the end $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS/machine.txt"
"$JAVA" -cp "$CP" io.rafflestars.bench.Report --results "$RESULTS" --doc docs/benchmarks.md
