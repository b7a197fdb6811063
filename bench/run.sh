#!/usr/bin/env bash
# make bench: the Kehu benchmark suite (docs/PERFORMANCE.md explains the method).
#
#   make bench                                  # 1,000,000 customers, 10 s per wrk run
#   BENCH_N=100000 BENCH_SECONDS=5 make bench   # quick run
#
# Environment:
#   BENCH_N           customers in the generated CSV (default 1000000)
#   BENCH_SECONDS     duration of each wrk run (default 10)
#   BENCH_CONNS       wrk connection counts (default "16 64")
#   BENCH_PORT        loopback port of the server under test (default 18080)
#   BENCH_FALLBACK_N  customers loaded with `kehu demo` when `kehu import` is missing (50000)
#   BENCH_PERF=1      also record `perf` profiles of the server during the last connection count
#   BENCH_DOCS=0      do not rewrite the Results section of docs/PERFORMANCE.md
#   BENCH_KEEP=1      keep the benchmark database (bench/data/runs/<stamp>/kehu.db)
#   BENCH_GOV=0       skip the governance comparison (features off and on, below)
#   BENCH_OLD=<rev>   also run get, search, list and create with the binary of that git revision
#                     (the previous round's), on the same database, before the creates
#   BENCH_GOV_ROUNDS  rounds of that comparison (default 2): off then on, then on then off …
#   BENCH_FOLLOWUP=0  skip "working the customers" (below)
#   BENCH_IMPORT_API=0  skip the reads during an API import of more customers
#   BENCH_IMPORT_API_N  rows of that import (default N / 5)
#   BENCH_INTERACTIONS, BENCH_TASKS  rows generated for it (default 10 and 5 per customer)
#   BENCH_WHO_SAW=0   skip "who saw this customer" after BENCH_WHO_SAW_READS (10,000,000) more
#                     audited reads, written by kehu-bench-reads through the audit's own path
#   BENCH_DAILY=0     skip the daily jobs (follow-up rules' catch-up and reclaim over every customer)
#   BENCH_SELLING=0   skip selling (opportunities, orders, receivables; BENCH_ORDER_LINES,
#                     BENCH_OPPORTUNITIES: 10 and 2 a customer by default)
#   BENCH_DB=pg       the same scenarios on PostgreSQL 15 (a cluster of Debian's in the run's
#                     folder, fsync on): the database is loaded with kehu import into SQLite
#                     and moved with kehu migrate (COPY); then one server, then two servers
#                     on the same database (wrk on each at once), and pgbench -S as the
#                     PostgreSQL ceiling. The report is bench/results/<date>[-n<N>]-pg.md.
#                     kehu import into PostgreSQL is measured beside COPY on the first
#                     BENCH_PG_IMPORT_N rows of the file (default N / 10; BENCH_PG_IMPORT=0 skips)
#
# Governance on the hot paths: after the load, 10 % of the customers are made
# confidential and 1 % top secret, and a reader with a confidential clearance,
# masked phones and 1,000 access grants in force is added. Get, name search,
# filtered list and full-phone lookup run as that reader twice, on the same
# database: once with a build that has the secrecy filter, grants, masking and
# field decryption compiled out (meson -Dbench_no_governance=true,
# build/bench-nogov, which starts only under this script), once with the
# release binary. The report gives the ratio of each pair.
#
# Working the customers (issue 13), SQLite: after the other scenarios, the database gets
# BENCH_INTERACTIONS interactions and BENCH_TASKS tasks (written with sqlite3 while no server
# runs, spread over every customer), a salesperson owning 5,000 customers (their tasks among
# those), and 100 customers with 500 interactions each; then "my day" as that salesperson (the
# five requests the page makes, in turn) and a timeline page of one of those 100 customers.
#
# Everything goes to 127.0.0.1 only; every loop is bounded. Run data lands in
# bench/data/ (git-ignored): the generated CSV is cached there, each run has a
# directory runs/<stamp>/ with raw.txt (the parsed lines), machine.txt and logs.
# The report is bench/results/<date>.md (<date>-n<N>.md for N other than 1M).
set -euo pipefail
umask 077 # the run data holds a database: ours only, as kehu expects (DECISIONS §84)

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

N=${BENCH_N:-1000000}
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNS:-16 64}
PORT=${BENCH_PORT:-18080}
FALLBACK_N=${BENCH_FALLBACK_N:-50000}
WARMUP=${BENCH_WARMUP:-2}
BENCH_USER=bench
BENCH_PW='load-test-secret-2026'
# `kehu user add` sets a preset password the user must replace at the first login.
BENCH_PW_PRESET='preset-for-load-tests-2026'
HOST="http://127.0.0.1:$PORT"

case "$N$SECS$PORT$FALLBACK_N" in *[!0-9]*) echo "bench: BENCH_N, BENCH_SECONDS, BENCH_PORT must be numbers" >&2; exit 2 ;; esac
ENGINE=${BENCH_DB:-sqlite}
case $ENGINE in sqlite | pg) ;; *) echo "bench: BENCH_DB is sqlite or pg" >&2; exit 2 ;; esac

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# ---- tools (installed here, not by make test) ----
need() { # command package
    command -v "$1" >/dev/null 2>&1 && return 0
    log "installing $2"
    if [ "$(id -u)" = 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null ||
            { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; }
    else
        sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null
    fi
}
need wrk wrk
need sqlite3 sqlite3
need curl curl
need ps procps
need python3 python3
[ -x /usr/bin/time ] || need /usr/bin/time time

# ---- build ----
log "building the release binary (make release)"
make --no-print-directory release
KEHU=$ROOT/build/release/kehu
GEN=$ROOT/build/release/bench/kehu-bench-gen
[ -x "$KEHU" ] && [ -x "$GEN" ] || { echo "bench: $KEHU or $GEN missing after make release" >&2; exit 1; }

GOV=${BENCH_GOV:-1}
KEHU_OFF=$ROOT/build/bench-nogov/kehu
if [ "$GOV" = 1 ]; then
    log "building the features-off binary for the governance comparison (build/bench-nogov)"
    [ -f "$ROOT/build/bench-nogov/build.ninja" ] ||
        meson setup "$ROOT/build/bench-nogov" --buildtype=release -Db_ndebug=false \
            -Dbench_no_governance=true -Dtests=disabled > /dev/null
    ninja -C "$ROOT/build/bench-nogov" > /dev/null
fi

OLD_KEHU=''
if [ -n "${BENCH_OLD:-}" ]; then
    OLD_REV=$(git rev-parse --verify --quiet "${BENCH_OLD}^{commit}") ||
        { echo "bench: BENCH_OLD=$BENCH_OLD is not a commit of this repository" >&2; exit 2; }
    OLD_DIR=$ROOT/bench/data/old/${OLD_REV:0:12}
    if [ ! -x "$OLD_DIR/build/kehu" ]; then
        log "building the previous binary ${OLD_REV:0:12} for the side-by-side run ($OLD_DIR)"
        mkdir -p "$ROOT/bench/data/old"
        [ -d "$OLD_DIR/src" ] || git worktree add --detach --force "$OLD_DIR" "$OLD_REV" > /dev/null
        mkdir -p "$OLD_DIR/web"
        [ -e "$OLD_DIR/web/dist" ] || ln -s "$ROOT/web/dist" "$OLD_DIR/web/dist"
        [ -f "$OLD_DIR/build/build.ninja" ] ||
            meson setup "$OLD_DIR/build" "$OLD_DIR" --buildtype=release -Db_ndebug=false -Dtests=disabled > /dev/null
        ninja -C "$OLD_DIR/build" kehu > /dev/null
    fi
    OLD_KEHU=$OLD_DIR/build/kehu
fi

STAMP=$(date +%Y%m%d-%H%M%S)
DATA=$ROOT/bench/data
RUN_DIR=$DATA/runs/$STAMP
mkdir -p "$RUN_DIR"
RAW=$RUN_DIR/raw.txt
: > "$RAW"
[ -n "$OLD_KEHU" ] && echo "OLD revision=${OLD_REV:0:12}" >> "$RAW"
# Earlier runs' databases are large; keep their text, drop their data.
find "$DATA/runs" -mindepth 2 -maxdepth 2 \( -name '*.db' -o -name '*.db-wal' -o -name '*.db-shm' -o -name 'files' \) \
    -not -path "$RUN_DIR/*" -exec rm -rf {} + 2>/dev/null || true

SERVER_PID='' SERVER2_PID='' SAMPLER_PID='' PERF_PID='' PGDIR=''
cleanup() {
    [ -n "$SERVER2_PID" ] && kill -TERM "$SERVER2_PID" 2>/dev/null || true
    [ -n "$PERF_PID" ] && kill -INT "$PERF_PID" 2>/dev/null || true
    [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null || true
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    fi
    [ -n "$PGDIR" ] && "$ROOT/scripts/pg-test-cluster.sh" stop "$PGDIR" >/dev/null 2>&1 || true
    if [ "${BENCH_KEEP:-0}" != 1 ]; then
        rm -rf "$RUN_DIR/kehu.db" "$RUN_DIR/kehu.db-wal" "$RUN_DIR/kehu.db-shm" "$RUN_DIR/files" \
            "$RUN_DIR/ceiling.db" "$RUN_DIR"/perf-*.data
    fi
}
trap cleanup EXIT

# ---- machine ----
{
    echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "cores: $(nproc)"
    echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
    fs=$(df -T "$DATA" | awk 'NR==2 {print $2}')
    dev=$(df "$DATA" | awk 'NR==2 {print $1}')
    disk=$(lsblk -ndo SIZE,ROTA "$dev" 2>/dev/null | awk '{print $1 ", " ($2 == 1 ? "rotational" : "non-rotational")}')
    echo "disk: $fs on $dev${disk:+ ($disk)}"
    echo "kernel: $(uname -r)"
    echo "debian: $(cat /etc/debian_version 2>/dev/null || echo ?)"
    echo "sqlite: $(pkg-config --modversion sqlite3 2>/dev/null || echo ?) (library), CLI $(sqlite3 --version | cut -d' ' -f1)"
    echo "libmicrohttpd: $(pkg-config --modversion libmicrohttpd 2>/dev/null || echo ?)"
    echo "wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f2)"
    if rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null); then
        git -C "$ROOT" diff --quiet HEAD 2>/dev/null || rev="$rev (with uncommitted changes)"
    fi
    echo "kehu: ${BENCH_REV:-${rev:-?}}"
    echo "load_start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "date: $(date '+%Y-%m-%d %H:%M %Z')"
} > "$RUN_DIR/machine.txt"
log "machine: $(paste -sd';' "$RUN_DIR/machine.txt" | cut -c1-200)"

# ---- data ----
CSV=$DATA/customers-$N.csv
if [ ! -s "$CSV" ] || [ "$GEN" -nt "$CSV" ]; then
    log "generating $N customers -> $CSV"
    t0=$(date +%s.%N)
    "$GEN" "$N" > "$CSV.tmp"
    mv "$CSV.tmp" "$CSV"
    t1=$(date +%s.%N)
    echo "GEN rows=$N wall_s=$(python3 -c "print(round($t1 - $t0, 3))") bytes=$(stat -c %s "$CSV")" >> "$RAW"
else
    log "using cached $CSV"
    echo "GEN rows=$N cached=1 bytes=$(stat -c %s "$CSV")" >> "$RAW"
fi

# /usr/bin/time line: wall seconds, max RSS KiB, user s, sys s
timed() { # outfile cmd...
    local out=$1
    shift
    /usr/bin/time -f '%e %M %U %S' -o "$out" "$@"
}

# ---- storage ceiling: sqlite3 .import of the same CSV into a plain table ----
log "storage ceiling: sqlite3 .import --csv of $N rows"
rm -f "$RUN_DIR/ceiling.db"
sync
if timed "$RUN_DIR/ceiling.time" sqlite3 "$RUN_DIR/ceiling.db" ".import --csv '$CSV' t" 2> "$RUN_DIR/ceiling.log"; then
    rows=$(sqlite3 "$RUN_DIR/ceiling.db" 'SELECT count(*) FROM t')
    read -r w m u s < "$RUN_DIR/ceiling.time"
    echo "CEILING rows=$rows wall_s=$w rss_kb=$m user_s=$u sys_s=$s" >> "$RAW"
else
    echo "CEILING failed=1" >> "$RAW"
fi
rm -f "$RUN_DIR/ceiling.db"

# ---- database: init, a benchmark user, the customers ----
DB=$RUN_DIR/kehu.db
log "creating $DB"
"$KEHU" init --db "$DB" > "$RUN_DIR/init.log"
"$KEHU" user add "$BENCH_USER" --role gm --name 基准测试 --password "$BENCH_PW_PRESET" --db "$DB" >> "$RUN_DIR/init.log"

loaded=0
KEHU_USAGE=$("$KEHU" --help 2>&1 || true)
if grep -qE '^[[:space:]]+import[[:space:]]' <<< "$KEHU_USAGE"; then
    log "kehu import of $N rows (progress in $RUN_DIR/import.log)"
    sync
    if timed "$RUN_DIR/import.time" timeout 1500 "$KEHU" import "$CSV" --db "$DB" --user "$BENCH_USER" \
        2> "$RUN_DIR/import.log" > "$RUN_DIR/import.out"; then
        read -r w m u s < "$RUN_DIR/import.time"
        rows=$(sqlite3 "$DB" 'SELECT count(*) FROM customers')
        # "search index: ready X s after the commit at Y s" (DECISIONS §157): the archive is
        # committed at Y, every customer is found by search X s later, the merge follows.
        idx=$(sed -n 's/^search index: ready \([0-9.]*\) s after the commit at \([0-9.]*\) s$/commit_s=\2 index_s=\1/p' "$RUN_DIR/import.out")
        echo "IMPORT available=1 ok=1 rows=$rows file_rows=$N wall_s=$w rss_kb=$m user_s=$u sys_s=$s $idx" >> "$RAW"
        loaded=1
    else
        rc=$?
        log "kehu import failed (exit $rc): $(tail -c 300 "$RUN_DIR/import.log" | tr '\r\n' '  ')"
        echo "IMPORT available=1 ok=0 exit=$rc file_rows=$N" >> "$RAW"
        rm -f "$DB" "$DB-wal" "$DB-shm"
        "$KEHU" init --db "$DB" > "$RUN_DIR/init.log"
        "$KEHU" user add "$BENCH_USER" --role gm --name 基准测试 --password "$BENCH_PW_PRESET" --db "$DB" >> "$RUN_DIR/init.log"
    fi
else
    log "import: not available (no 'kehu import' in this build)"
    echo "IMPORT available=0 file_rows=$N" >> "$RAW"
fi
if [ "$loaded" = 0 ]; then
    log "fallback loader: kehu demo --customers $FALLBACK_N (through the domain functions, ~1,000/s)"
    if timed "$RUN_DIR/load.time" timeout 1500 "$KEHU" demo --customers "$FALLBACK_N" --db "$DB" > "$RUN_DIR/load.log" 2>&1; then
        read -r w m u s < "$RUN_DIR/load.time"
        rows=$(sqlite3 "$DB" 'SELECT count(*) FROM customers')
        echo "LOAD loader=demo rows=$rows wall_s=$w rss_kb=$m" >> "$RAW"
    else
        echo "bench: the fallback loader failed, see $RUN_DIR/load.log" >&2
        exit 1
    fi
fi

# ---- the company's daily tasks: only the runs the bench starts ----
# Each daily task starts by itself when a server is up at its company-time hour (the reclaim at
# 01:30, the backup at 02:00, the greetings at 06:40 …; 17:30–00:45 UTC for Asia/Shanghai): a
# run in that hour would measure beside a backup of the whole database, or reclaim before the
# measured reclaim. Each task's period of the company day an hour from now (the day of every
# hour a run reaches, as no task is due between 23:00 and midnight) is marked as taken, as the
# scheduler marks a period it queued; the runs the bench asks for (run now) are not affected.
quiet_daily_tasks() {
    local tz day tasks
    tz=$(sqlite3 "$DB" "SELECT value FROM settings WHERE key = 'timezone'" 2>/dev/null || true)
    day=$(python3 -c 'import sys, datetime, zoneinfo
tz = zoneinfo.ZoneInfo(sys.argv[1] or "Asia/Shanghai")
print((datetime.datetime.now(tz) + datetime.timedelta(hours=1)).date())' "$tz")
    tasks=$(grep -rhoE 'job_task [a-z_]+ = \{"[a-z._]+"' "$ROOT/src" | sed 's/.*{"//; s/"$//' | sort -u)
    [ -n "$tasks" ] || { echo "bench: no scheduled task found in src/" >&2; exit 1; }
    for t in $tasks; do
        echo "INSERT INTO task_runs (task, period, at) VALUES ('$t', '$day', $(date +%s)) ON CONFLICT (task) DO UPDATE SET period = excluded.period, at = excluded.at;"
    done | sqlite3 "$DB"
    log "daily tasks: the periods of $day marked as taken ($(wc -w <<< "$tasks") tasks)"
}
quiet_daily_tasks

# ---- governance data: 10 % confidential, 1 % top secret, a reader with 1,000 grants ----
GOV_USER=benchgov
if [ "$GOV" = 1 ]; then
    log "governance data: secrecy levels, a confidential-cleared reader, 1,000 grants"
    "$KEHU" user add "$GOV_USER" --role info_specialist --name 密级基准 --password "$BENCH_PW_PRESET" \
        --db "$DB" >> "$RUN_DIR/init.log"
    "$KEHU" user clearance "$GOV_USER" confidential --db "$DB" >> "$RUN_DIR/init.log"
    # A fixture written beside Kehu while no server runs: one approved access request
    # whose grants name 1,000 top-secret customers, in force for 30 days.
    sqlite3 "$DB" <<SQL
UPDATE customers SET secrecy = CASE WHEN id % 100 = 7 THEN 2 ELSE 1 END WHERE id % 100 = 7 OR id % 10 = 3;
INSERT INTO approval_requests (kind, state, requester_id, subject, reason, purpose, created_at, updated_at, decided_at)
  SELECT 'access.read', 'approved', id, '{}', 'benchmark', 'benchmark', unixepoch(), unixepoch(), unixepoch()
  FROM users WHERE username = '$GOV_USER';
INSERT INTO customer_grants (request_id, user_id, customer_id, starts_at, ends_at)
  SELECT (SELECT max(id) FROM approval_requests), (SELECT id FROM users WHERE username = '$GOV_USER'),
         id, unixepoch(), unixepoch() + 30 * 86400
  FROM customers WHERE secrecy = 2 ORDER BY id LIMIT 1000;
SQL
    GOV_GRANTED=$(sqlite3 "$DB" 'SELECT min(customer_id) FROM customer_grants')
    echo "GOV_DATA confidential=$(sqlite3 "$DB" 'SELECT count(*) FROM customers WHERE secrecy = 1') top_secret=$(sqlite3 "$DB" 'SELECT count(*) FROM customers WHERE secrecy = 2') grants=$(sqlite3 "$DB" 'SELECT count(*) FROM customer_grants WHERE ends_at > unixepoch()')" >> "$RAW"
    # Full mobiles for the blind-index lookup, from the file (the database holds them sealed).
    python3 - "$CSV" "$RUN_DIR/mobiles.txt" <<'PY'
import csv, sys
out = []
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    r = csv.reader(f)
    col = next(r).index("手机")
    for i, row in enumerate(r):
        if i % 997 == 0 and row[col]:
            out.append(row[col])
        if len(out) >= 1000:
            break
open(sys.argv[2], "w").write("\n".join(out) + "\n")
PY
fi
IDS=$(sqlite3 "$DB" 'SELECT coalesce(max(id),1) FROM customers')
CUSTOMERS=$(sqlite3 "$DB" 'SELECT count(*) FROM customers')
DB_BYTES=$(du -cb "$DB"* | tail -1 | cut -f1)

# Who saw this customer (issue 15): BENCH_WHO_SAW_READS (10,000,000) more audited reads of random
# customers, written into the SQLite database $DB with no server running by kehu-bench-reads
# through the audit's own path, far faster than requests make them (about 20,000 a second).
NREADS=${BENCH_WHO_SAW_READS:-10000000}
case "$NREADS" in '' | *[!0-9]*) echo "bench: BENCH_WHO_SAW_READS must be a number" >&2; exit 2 ;; esac
who_saw_reads() {
    local out
    out=$("$ROOT/build/release/bench/kehu-bench-reads" "$DB" "$NREADS" "$IDS" "$BENCH_USER" 2>> "$RUN_DIR/init.log" | grep '^READS ')
    echo "WHO_SAW reads=$NREADS seconds=$(echo "$out" | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p') entries=$(sqlite3 "$DB" 'SELECT count(*) FROM audit_log') index_rows=$(sqlite3 "$DB" 'SELECT (SELECT count(*) FROM audit_reads) + (SELECT count(*) FROM audit_reads_recent)')" >> "$RAW"
    log "$(tail -1 "$RAW")"
}

# ---- PostgreSQL: a cluster of our own (durable: fsync on), the database moved with COPY ----
# kehu import into a new PostgreSQL database of the first BENCH_PG_IMPORT_N rows of the CSV, beside
# COPY of the same rows into a plain table of text columns (PostgreSQL's ceiling for the file).
pg_import() {
    local rows=${BENCH_PG_IMPORT_N:-$((N / 10))} file=$RUN_DIR/pg-import.csv url ncols cols w m u s idx
    [ "$rows" -gt "$N" ] && rows=$N
    head -n $((rows + 1)) "$CSV" > "$file"
    log "PostgreSQL import: COPY of $rows rows, then kehu import of the same rows"
    createdb -h "$PGDIR" kehu_copy
    ncols=$(head -1 "$file" | awk -F, '{print NF}')
    cols=$(seq -s, -f 'c%g text' 1 "$ncols")
    psql -X -q -h "$PGDIR" -d kehu_copy -c "CREATE TABLE plain ($cols)"
    local t0 t1
    t0=$(date +%s.%N)
    psql -X -q -h "$PGDIR" -d kehu_copy -c "\\copy plain FROM '$file' WITH (FORMAT csv, HEADER true)"
    t1=$(date +%s.%N)
    dropdb -h "$PGDIR" kehu_copy
    local copy_s
    copy_s=$(python3 -c "print(round($t1 - $t0, 3))")
    createdb -h "$PGDIR" kehu_import
    url="postgresql:///kehu_import?host=$PGDIR"
    # its own folder for its keys: the measured database's stay as they are
    local KEHU_DATA_DIR=$RUN_DIR/pg-import-data
    mkdir -p "$KEHU_DATA_DIR"
    export KEHU_DATA_DIR
    "$KEHU" init --db "$url" > "$RUN_DIR/pg-import-init.log"
    "$KEHU" user add "$BENCH_USER" --role gm --name 基准测试 --password "$BENCH_PW_PRESET" --db "$url" \
        >> "$RUN_DIR/pg-import-init.log"
    if timed "$RUN_DIR/pg-import.time" timeout 1500 "$KEHU" import "$file" --db "$url" --user "$BENCH_USER" \
        2> "$RUN_DIR/pg-import.log" > "$RUN_DIR/pg-import.out"; then
        read -r w m u s < "$RUN_DIR/pg-import.time"
        idx=$(sed -n 's/^search index: ready \([0-9.]*\) s after the commit at \([0-9.]*\) s$/commit_s=\2 index_s=\1/p' "$RUN_DIR/pg-import.out")
        echo "PG_IMPORT ok=1 rows=$rows copy_s=$copy_s wall_s=$w rss_kb=$m user_s=$u sys_s=$s $idx" >> "$RAW"
        log "PostgreSQL import: COPY $copy_s s, kehu import $w s ($idx)"
    else
        echo "PG_IMPORT ok=0 exit=$? rows=$rows copy_s=$copy_s" >> "$RAW"
        log "PostgreSQL import failed: $(tail -c 300 "$RUN_DIR/pg-import.log" | tr '\r\n' '  ')"
    fi
    dropdb -h "$PGDIR" kehu_import
    rm -rf "$file" "$KEHU_DATA_DIR"
}

PG_CPU=0
if [ "$ENGINE" = pg ]; then
    PGDIR=$(mktemp -d /tmp/kehu-bench-pg-XXXXXX) # the postgres user cannot enter the run folder (0700)
    log "starting PostgreSQL in $PGDIR"
    BENCH_PG_DURABLE=1 "$ROOT/scripts/pg-test-cluster.sh" start "$PGDIR" > /dev/null
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    createdb -h "$PGDIR" kehu_bench
    PGURL="postgresql:///kehu_bench?host=$PGDIR"
    export KEHU_DATA_DIR=$RUN_DIR/pgdata
    mkdir -p "$KEHU_DATA_DIR"
    # Who saw this customer after BENCH_WHO_SAW_READS more audited reads: written into the SQLite
    # database through the audit's own path before the move (on PostgreSQL the same path writes a
    # few thousand a second), moved with the rest by COPY, read on PostgreSQL below.
    if [ "${BENCH_WHO_SAW:-1}" = 1 ] && [ -x "$ROOT/build/release/bench/kehu-bench-reads" ]; then
        log "who saw this customer: $NREADS audited reads first (kehu-bench-reads, before the move)"
        who_saw_reads
    fi
    log "kehu migrate of the loaded database into PostgreSQL (COPY)"
    if timed "$RUN_DIR/migrate.time" "$KEHU" migrate --from "$DB" --to "$PGURL" > "$RUN_DIR/migrate.out" 2>&1; then
        read -r w m u s < "$RUN_DIR/migrate.time"
        echo "MIGRATE ok=1 rows=$CUSTOMERS wall_s=$w rss_kb=$m user_s=$u sys_s=$s" >> "$RAW"
    else
        echo "bench: kehu migrate failed, see $RUN_DIR/migrate.out" >&2
        exit 1
    fi
    psql -X -q -h "$PGDIR" -d kehu_bench -c 'VACUUM ANALYZE' > /dev/null
    DB=$PGURL
    DB_BYTES=$(psql -X -tA -h "$PGDIR" -d kehu_bench -c 'SELECT pg_database_size(current_database())')
    # pgbench -S on the same machine in the same run: PostgreSQL's own ceiling for point reads
    log "pgbench -S (scale 10) as the ceiling"
    createdb -h "$PGDIR" kehu_pgbench
    "$PGBIN/pgbench" -h "$PGDIR" -i -q -s 10 kehu_pgbench > "$RUN_DIR/pgbench-init.log" 2>&1
    for c in $CONNS; do
        tps=$("$PGBIN/pgbench" -h "$PGDIR" -S -n -M prepared -c "$c" -j 2 -T "$SECS" kehu_pgbench 2>&1 |
            sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p')
        echo "PGBENCH conns=$c tps=${tps:-0}" >> "$RAW"
        log "pgbench -S c$c: ${tps:-?} tps"
    done
    dropdb -h "$PGDIR" kehu_pgbench
    if [ "${BENCH_PG_IMPORT:-1}" = 1 ]; then
        pg_import
    fi
fi
pg_ticks() { # CPU ticks of every PostgreSQL process now
    [ -n "$PGDIR" ] || { echo 0; return; }
    local t=0 p
    for p in $(pgrep -u postgres); do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done
    echo "$t"
}
echo "ENGINE engine=$ENGINE" >> "$RAW"
echo "DATA customers=$CUSTOMERS max_id=$IDS db_bytes=$DB_BYTES" >> "$RAW"

# ---- server ----
if curl -s -o /dev/null --max-time 1 "$HOST/healthz"; then
    echo "bench: something already answers on $HOST; set BENCH_PORT" >&2
    exit 1
fi
# BENCH_PERF=1: a system-wide perf profile (-p misses the connection threads MHD starts later)
# of the next wrk line, summarised into perf-<name>.txt; only in round 1 of a repeated scenario.
perf_start() { # name round
    [ "${BENCH_PERF:-0}" = 1 ] && [ "$2" = 1 ] && command -v perf > /dev/null || return 0
    perf record -a -F 499 --call-graph dwarf,16384 -o "$RUN_DIR/perf-$1.data" \
        -- sleep "$((SECS > 4 ? SECS - 3 : 1))" > /dev/null 2>&1 &
    PERF_PID=$!
}
perf_end() { # name
    [ -n "$PERF_PID" ] || return 0
    wait "$PERF_PID" 2>/dev/null || true
    PERF_PID=''
    python3 "$ROOT/bench/perf_summary.py" "$RUN_DIR/perf-$1.data" 40 > "$RUN_DIR/perf-$1.txt" 2>&1 || true
    rm -f "$RUN_DIR/perf-$1.data"
}
start_server() { # binary log [VAR=value ...]: serve the database on $PORT, set SERVER_PID
    local bin=$1 logf=$2
    shift 2
    log "starting $(basename "$(dirname "$bin")")/kehu serve on $HOST"
    env KEHU_QUIET=1 "$@" "$bin" serve --db "$DB" --port "$PORT" > "$logf" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 150); do
        curl -s -o /dev/null --max-time 1 "$HOST/healthz" && break
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "bench: server exited, see $logf" >&2; exit 1; }
        sleep 0.2
    done
    curl -sf -o /dev/null "$HOST/healthz" || { echo "bench: server not answering" >&2; exit 1; }
}
stop_server() {
    kill -TERM "$SERVER_PID"
    for _ in $(seq 300); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    SERVER_PID=''
}
start_server "$KEHU" "$RUN_DIR/serve.log"

json() { python3 -c 'import json,sys; print(json.load(sys.stdin)'"$1"')'; }
api_token() { # user: its first login replaces the preset password; prints an API token
    local jar=$RUN_DIR/cookies csrf
    # (every route but the password change refuses until the preset password is replaced)
    csrf=$(curl -sf -c "$jar" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$1\",\"password\":\"$BENCH_PW_PRESET\"}" "$HOST/api/v1/auth/login" | json '["csrf_token"]')
    curl -sf -o /dev/null -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
        -d "{\"old_password\":\"$BENCH_PW_PRESET\",\"new_password\":\"$BENCH_PW\"}" "$HOST/api/v1/auth/password" \
        || { echo "bench: could not replace the preset password of $1" >&2; exit 1; }
    csrf=$(curl -sf -c "$jar" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$1\",\"password\":\"$BENCH_PW\"}" "$HOST/api/v1/auth/login" | json '["csrf_token"]')
    curl -sf -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
        -d '{"name":"bench"}' "$HOST/api/v1/auth/tokens" | json '["token"]'
    rm -f "$jar"
}
TOKEN=$(api_token "$BENCH_USER")
[ -n "$TOKEN" ] || { echo "bench: could not create an API token" >&2; exit 1; }
GOV_AUTH=''
if [ "$GOV" = 1 ]; then
    GOV_TOKEN=$(api_token "$GOV_USER")
    [ -n "$GOV_TOKEN" ] || { echo "bench: could not create the governance reader's token" >&2; exit 1; }
    GOV_AUTH="Authorization: Bearer $GOV_TOKEN"
fi
AUTH="Authorization: Bearer $TOKEN"

# One request of each kind first: a scenario that only produces errors is not a benchmark.
check() { # label path [auth]
    local code
    code=$(curl -s -o "$RUN_DIR/check-$1.json" -w '%{http_code}' -H "${3:-$AUTH}" "$HOST$2")
    echo "CHECK scenario=$1 status=$code bytes=$(stat -c %s "$RUN_DIR/check-$1.json")" >> "$RAW"
    [ "$code" = 200 ] || log "warning: $1 answered $code: $(head -c 200 "$RUN_DIR/check-$1.json")"
}
check get "/api/v1/customers/$(( (IDS + 1) / 2 ))"
check search_name "/api/v1/customers?q=%E7%A7%80%E5%85%B0"
check search_phone "/api/v1/customers?q=4821"
check list "/api/v1/customers?grade=A&stage=customer&limit=50"

# RSS of the server every second, for as long as it runs (bounded: 2 hours).
RSS_FILE=$RUN_DIR/rss.txt
: > "$RSS_FILE"
start_sampler() { # the server's RSS every second while it runs (bounded: 2 hours)
    (
        for _ in $(seq 7200); do
            r=$(ps -o rss= -p "$SERVER_PID" 2>/dev/null) || break
            echo "$r" >> "$RSS_FILE"
            sleep 1
        done
    ) &
    SAMPLER_PID=$!
}
start_sampler

TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }

wrk_run() { # scenario conns seconds run-digit [record]
    local s=$1 c=$2 d=$3 run=$4 record=${5:-1} out=$RUN_DIR/wrk-$1-c$2.txt
    local load c0 c1 r0 r1 line peak
    load=$(cut -d' ' -f1 /proc/loadavg)
    c0=$(cpu_ticks)
    p0=$(pg_ticks)
    r0=$(wc -l < "$RSS_FILE")
    # gov_on1_get, gov_off2_list …: the scenario after the prefix, as the governance reader
    local mode=$s auth=$AUTH
    case $s in gov_on*_* | gov_off*_*) mode=${s#gov_o*_} auth=$GOV_AUTH ;; old_*) mode=${s#old_} ;; my_day | funnel_sales) auth=$SALES_AUTH ;;
        receivables_overdue) auth=$ACCT_AUTH ;; daily_*) mode=get ;; esac
    BENCH_MODE=$mode BENCH_IDS=$IDS BENCH_RUN=$run BENCH_MOBILES=$RUN_DIR/mobiles.txt \
        BENCH_TODAY=$(TZ=Asia/Shanghai date +%F) BENCH_TIMELINE=1-100 \
        timeout $((d + 60)) wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d"${d}s" --timeout 10s -s "$ROOT/bench/wrk/scenario.lua" \
        -H "$auth" "$HOST/" > "$out" 2>&1 || log "wrk $s c$c exited with an error"
    c1=$(cpu_ticks)
    p1=$(pg_ticks)
    r1=$(wc -l < "$RSS_FILE")
    [ "$record" = 1 ] || return 0
    line=$(grep '^RESULT ' "$out" | tail -1)
    if [ -z "$line" ]; then
        log "no result from wrk $s c$c: $(tail -c 300 "$out" | tr '\n' ' ')"
        return 0
    fi
    peak=$(sed -n "$((r0 + 1)),$((r1))p" "$RSS_FILE" | sort -n | tail -1)
    echo "$line scenario=$s conns=$c server_cpu_s=$(python3 -c "print(round(($c1-$c0)/$TCK,2))") pg_cpu_s=$(python3 -c "print(round(($p1-$p0)/$TCK,2))") load1=$load rss_peak_kb=${peak:-0}" >> "$RAW"
    log "$s c$c: $(echo "$line" | grep -oE 'rps=[0-9.]+|p99_ms=[0-9.]+|non2xx=[0-9]+' | paste -sd' ')"
}

last_conns=${CONNS##* }

# ---- governance: the same reads with the features compiled out, then in ----
gov_compare() {
    local round side s
    check gov_get_granted "/api/v1/customers/$GOV_GRANTED" "$GOV_AUTH"
    check gov_lookup_phone "/api/v1/customers?q=$(head -1 "$RUN_DIR/mobiles.txt")" "$GOV_AUTH"
    echo "GOV_LOOKUP matches=$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))' < "$RUN_DIR/check-gov_lookup_phone.json" 2>/dev/null || echo ?)" >> "$RAW"
    kill "$SAMPLER_PID" 2>/dev/null || true
    # Each side: a fresh server on the same database, a warm-up, then the four reads;
    # the sides alternate for BENCH_GOV_ROUNDS rounds (default 2), as the machine is shared,
    # in the order off-on, on-off, off-on ...: the database grows with every audited read
    # and the machine's load drifts, and a side that always went second would carry that.
    for round in $(seq "${BENCH_GOV_ROUNDS:-2}"); do
        sides="off on"
        [ $((round % 2)) = 0 ] && sides="on off"
        for side in $sides; do
            stop_server
            if [ "$side" = off ]; then
                start_server "$KEHU_OFF" "$RUN_DIR/serve-nogov.log" KEHU_BENCH_NO_GOVERNANCE=1
            else
                start_server "$KEHU" "$RUN_DIR/serve.log"
            fi
            wrk_run "gov_${side}${round}_get" 16 "$WARMUP" 9 0
            for s in get search_name list lookup_phone; do
                perf_start "gov_${side}_$s" "$round"
                wrk_run "gov_${side}${round}_$s" "$last_conns" "$SECS" "$run"
                perf_end "gov_${side}_$s"
                run=$(( (run + 1) % 9 ))
            done
        done
    done
    start_sampler
}

# ---- the previous round's binary, side by side (BENCH_OLD=<git revision>) ----
# Its get, search, list and create at the last connection count, on the same database right
# before the current binary's creates (it runs the newer schema as it is: migrations only
# add what it does not read, or drop indexes it does not need). Built once into
# bench/data/old/<revision> (a git worktree, the current web UI linked in).
old_compare() {
    local s
    stop_server
    kill "$SAMPLER_PID" 2>/dev/null || true
    start_server "$OLD_KEHU" "$RUN_DIR/serve-old.log"
    wrk_run old_get 16 "$WARMUP" 9 0
    for s in get search_name list create; do
        wrk_run "old_$s" "$last_conns" "$SECS" "$run"
        run=$(( (run + 1) % 9 ))
    done
    stop_server
    start_server "$KEHU" "$RUN_DIR/serve.log"
    start_sampler
    wrk_run get 16 "$WARMUP" 9 0
}

run=0
log "warm-up: get by id, ${WARMUP}s"
wrk_run get 16 "$WARMUP" 9 0
# The governance comparison (below) runs between the reads and the creates: after the
# creates, the newest tens of thousands of rows would all be the creates' grade B, which a
# filtered list sorted newest first walks past (a cost of that list, not of governance).
for s in healthz get search_name search_phone list GOV OLD create; do
    if [ "$s" = GOV ]; then
        [ "$GOV" = 1 ] && gov_compare
        continue
    fi
    if [ "$s" = OLD ]; then
        [ -n "$OLD_KEHU" ] && old_compare
        continue
    fi
    for c in $CONNS; do
        [ "$c" = "$last_conns" ] && [ "$s" != healthz ] && perf_start "$s" 1
        wrk_run "$s" "$c" "$SECS" "$run"
        run=$(( (run + 1) % 9 ))
        perf_end "$s"
    done
done

# The wrk lines' memory ends here; the import below has its own (its 256 MB page cache).
RSS_SCENARIO_LINES=$(wc -l < "$RSS_FILE")


# ---- PostgreSQL: two servers on the one database, wrk on each at once ----
if [ "$ENGINE" = pg ]; then
    PORT2=$((PORT + 1))
    log "starting a second kehu serve on port $PORT2 (same database)"
    KEHU_QUIET=1 "$KEHU" serve --db "$DB" --port "$PORT2" > "$RUN_DIR/serve2.log" 2>&1 &
    SERVER2_PID=$!
    for _ in $(seq 150); do
        curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT2/healthz" && break
        sleep 0.2
    done
    for s in get search_name create; do
        for c in $CONNS; do
            half=$((c / 2))
            p0=$(pg_ticks)
            pids=()
            for port in "$PORT" "$PORT2"; do
                BENCH_MODE=$s BENCH_IDS=$IDS BENCH_RUN=$(( (run + port) % 9 )) \
                    timeout $((SECS + 60)) wrk -t1 -c"$half" -d"${SECS}s" --timeout 10s -s "$ROOT/bench/wrk/scenario.lua" \
                    -H "$AUTH" "http://127.0.0.1:$port/" > "$RUN_DIR/wrk2-$s-c$c-$port.txt" 2>&1 &
                pids+=($!)
            done
            wait "${pids[@]}" || log "a wrk of the two-server $s c$c exited with an error"
            p1=$(pg_ticks)
            run=$(( (run + 1) % 9 ))
            python3 - "$RUN_DIR/wrk2-$s-c$c-$PORT.txt" "$RUN_DIR/wrk2-$s-c$c-$PORT2.txt" "$s" "$c" \
                "$(python3 -c "print(round(($p1-$p0)/$TCK,2))")" >> "$RAW" <<'PY'
import re, sys
vals = []
for f in sys.argv[1:3]:
    line = [l for l in open(f) if l.startswith("RESULT ")]
    vals.append(dict(kv.split("=", 1) for kv in line[-1].split()[1:]) if line else {})
rps = sum(float(v.get("rps", 0)) for v in vals)
p99 = max(float(v.get("p99_ms", 0)) for v in vals)
reqs = sum(float(v.get("requests", 0)) for v in vals)
bad = sum(int(float(v.get("non2xx", 0))) + int(float(v.get("sock_err", 0))) for v in vals)
print(f"TWO_NODES scenario={sys.argv[3]} conns={sys.argv[4]} rps={rps:.1f} p99_ms={p99} requests={reqs:.0f} errors={bad} pg_cpu_s={sys.argv[5]}")
PY
            log "two servers $s c$c: $(tail -1 "$RAW" | grep -oE 'rps=[0-9.]+|p99_ms=[0-9.]+' | paste -sd' ')"
        done
    done
    kill -TERM "$SERVER2_PID" 2>/dev/null || true
    SERVER2_PID=''
    if grep -q '^WHO_SAW ' "$RAW"; then
        check who_saw "/api/v1/customers/1/access-log"
        for c in $CONNS; do
            wrk_run who_saw "$c" "$SECS" "$run"
            run=$(( (run + 1) % 9 ))
        done
    fi
fi

# ---- reads while a large all-or-nothing import runs (staged rows, DECISIONS §41) ----
CSV2=$DATA/customers-$N-seed2.csv
if [ ! -s "$CSV2" ] || [ "$GEN" -nt "$CSV2" ]; then
    log "generating a second set of $N customers -> $CSV2"
    "$GEN" --seed 2 "$N" > "$CSV2.tmp" && mv "$CSV2.tmp" "$CSV2"
fi
FILE_ID=''
# On PostgreSQL an import still writes row by row (about 1,300 rows/s): not in this run.
# BENCH_IMPORT_API=0 skips this scenario. BENCH_IMPORT_API_N rows of the second set are
# imported (a fifth of N by default: the reads are measured in its first minute, and a whole
# second million took 10 minutes of the run to no more effect).
NAPI=${BENCH_IMPORT_API_N:-$(( N / 5 ))}
case "$NAPI" in '' | *[!0-9]*) echo "bench: BENCH_IMPORT_API_N must be a number" >&2; exit 2 ;; esac
CSV_API=$RUN_DIR/customers-api.csv
head -n "$(( NAPI + 1 ))" "$CSV2" > "$CSV_API"
[ "$ENGINE" = sqlite ] && [ "${BENCH_IMPORT_API:-1}" = 1 ] && FILE_ID=$(curl -sf -H "$AUTH" -H 'Content-Type: application/octet-stream' --data-binary @"$CSV_API" \
    "$HOST/api/v1/imports/files?name=bench-second.csv" | json '["file_id"]' || true)
rm -f "$CSV_API"
JOB=''
[ -n "$FILE_ID" ] && JOB=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' \
    -d "{\"file_id\":\"$FILE_ID\"}" "$HOST/api/v1/imports" | json '["job_id"]' || true)
if [ -n "$JOB" ]; then
    job_field() { curl -sf -H "$AUTH" "$HOST/api/v1/jobs/$JOB" | json "$1" 2>/dev/null; }
    t_imp0=$(date +%s.%N)
    for _ in $(seq 600); do # until its first batches are stored (at most 60 s)
        [ "$(job_field '["done"]')" != 0 ] && break
        sleep 0.1
    done
    log "get by id during the import of $NAPI more rows (job $JOB)"
    wrk_run get_during_import 16 "$SECS" "$run"
    # Writes that must not wait for the import: 20 logins and 20 creates, one at a time.
    : > "$RUN_DIR/during-login.ms"
    : > "$RUN_DIR/during-create.ms"
    for i in $(seq 20); do
        curl -s -o /dev/null -w '%{time_total}\n' -H 'Content-Type: application/json' \
            -d "{\"username\":\"$BENCH_USER\",\"password\":\"$BENCH_PW\"}" \
            "$HOST/api/v1/auth/login" >> "$RUN_DIR/during-login.ms"
        curl -s -o /dev/null -w '%{time_total}\n' -H "$AUTH" -H 'Content-Type: application/json' \
            -d "{\"kind\":\"individual\",\"name\":\"导入期间$i\"}" \
            "$HOST/api/v1/customers" >> "$RUN_DIR/during-create.ms"
        sleep 0.2
    done
    during_state=$(job_field '["state"]')
    pct() { sort -n "$1" | awk -v q="$2" '{a[NR]=$1*1000} END {i=int(NR*q+0.999); if (i<1) i=1; printf "%.1f", a[i]}'; }
    echo "DURING_IMPORT state=$during_state login_p50_ms=$(pct "$RUN_DIR/during-login.ms" 0.5) login_max_ms=$(pct "$RUN_DIR/during-login.ms" 1) create_p50_ms=$(pct "$RUN_DIR/during-create.ms" 0.5) create_max_ms=$(pct "$RUN_DIR/during-create.ms" 1)" >> "$RAW"
    state=$(job_field '["state"]')
    for _ in $(seq 3000); do # until it ends (at most 25 minutes)
        state=$(job_field '["state"]')
        [ "$state" = done ] || [ "$state" = failed ] && break
        sleep 0.5
    done
    t_imp1=$(date +%s.%N)
    echo "IMPORT_API state=$state rows=$NAPI wall_s=$(python3 -c "print(round($t_imp1 - $t_imp0, 1))") created=$(job_field '["summary"]["created"]')" >> "$RAW"
    log "import over the API: $state in $(python3 -c "print(round($t_imp1 - $t_imp0))") s"
else
    log "could not start the import for get_during_import"
fi

RSS_PEAK=$(head -n "$RSS_SCENARIO_LINES" "$RSS_FILE" | sort -n | tail -1)
RSS_IMPORT_PEAK=$(tail -n +"$((RSS_SCENARIO_LINES + 1))" "$RSS_FILE" | sort -n | tail -1)
echo "SERVER rss_peak_kb=${RSS_PEAK:-0} import_rss_peak_kb=${RSS_IMPORT_PEAK:-0} samples=$(wc -l < "$RSS_FILE")" >> "$RAW"
kill "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=''
log "stopping the server (SIGTERM)"
stop_server
echo "load_end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RUN_DIR/machine.txt"

# ---- working the customers (issue 13): "my day" and the timeline, SQLite ----
if [ "${BENCH_FOLLOWUP:-1}" = 1 ] && [ "$ENGINE" = sqlite ]; then
    NI=${BENCH_INTERACTIONS:-$((CUSTOMERS * 10))}
    NT=${BENCH_TASKS:-$((CUSTOMERS * 5))}
    # The generators insert at random places in indexes of millions of rows: with sqlite3's
    # default 2 MB page cache nearly every insert read a page back (16 minutes of the run).
    GEN_CACHE_KIB=$(( 4 * 1024 * 1024 ))
    case "$NI$NT" in *[!0-9]*) echo "bench: BENCH_INTERACTIONS and BENCH_TASKS must be numbers" >&2; exit 2 ;; esac
    # A salesperson belongs to a department (their manager's view): one of the bench's own.
    SALES_DEPT=$(sqlite3 "$DB" "INSERT INTO departments (name, branch_id, created_at) VALUES ('基准销售部', (SELECT min(id) FROM branches), unixepoch()) RETURNING id")
    "$KEHU" user add benchsales --role salesperson --name 基准业务员 --password "$BENCH_PW_PRESET" \
        --department "$SALES_DEPT" --branch "$(sqlite3 "$DB" 'SELECT min(id) FROM branches')" \
        --db "$DB" >> "$RUN_DIR/init.log"
    SALES_ID=$(sqlite3 "$DB" "SELECT id FROM users WHERE username = 'benchsales'")
    "$KEHU" user add benchadmin --role admin --name 基准管理员 --password "$BENCH_PW_PRESET" \
        --db "$DB" >> "$RUN_DIR/init.log"
    GM_ID=$(sqlite3 "$DB" "SELECT id FROM users WHERE username = '$BENCH_USER'")
    STEP=$(( CUSTOMERS / 5000 > 0 ? CUSTOMERS / 5000 : 1 ))
    NOW=$(date +%s)
    log "working the customers: $NI interactions, $NT tasks, 5,000 customers for benchsales (sqlite3)"
    t0=$(date +%s.%N)
    sqlite3 "$DB" > "$RUN_DIR/followup-gen.log" 2>&1 <<SQL
PRAGMA journal_mode = WAL;
PRAGMA cache_size = -$GEN_CACHE_KIB;
BEGIN;
UPDATE customers SET owner_id = $SALES_ID WHERE id % $STEP = 0 AND id IN (SELECT id FROM customers WHERE id % $STEP = 0 ORDER BY id LIMIT 5000);
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < $NI)
INSERT INTO interactions (customer_id, channel, direction, occurred_at, summary, outcome, created_by, created_at)
SELECT 1 + abs(random()) % $IDS, CASE n % 4 WHEN 0 THEN 'call' WHEN 1 THEN 'visit' WHEN 2 THEN 'wechat' ELSE 'email' END,
       CASE WHEN n % 5 = 0 THEN 'in' ELSE 'out' END, $NOW - abs(random()) % 63072000,
       '回访第' || n || '次：客户反馈良好，约定下次联系', CASE WHEN n % 3 = 0 THEN '有意向' ELSE '' END, $GM_ID, $NOW
FROM seq;
WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < 49999)
INSERT INTO interactions (customer_id, channel, direction, occurred_at, summary, created_by, created_at)
SELECT 1 + n % 100, 'call', 'out', $NOW - (n / 100) * 86400 - n % 100, '长期客户的第' || (n / 100) || '次回访', $GM_ID, $NOW FROM seq;
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < $NT),
     t(n, c, due) AS MATERIALIZED (SELECT n, 1 + abs(random()) % $IDS, $NOW - 60 * 86400 + abs(random()) % (150 * 86400) FROM seq)
INSERT INTO tasks (customer_id, kind, title, channel, doer_id, start_at, due_at, state, done_at, created_at)
SELECT c, CASE WHEN n % 50 = 0 THEN 'greeting' ELSE 'follow_up' END, '回访 #' || n, 'call',
       (SELECT owner_id FROM customers WHERE id = c), due - 7 * 86400, due,
       CASE WHEN due < $NOW AND n % 10 < 8 THEN 'done' ELSE 'open' END,
       CASE WHEN due < $NOW AND n % 10 < 8 THEN due ELSE 0 END, $NOW
FROM t;
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 25000)
INSERT INTO tasks (customer_id, kind, title, channel, assignee_id, doer_id, start_at, due_at, state, created_at)
SELECT c.id, 'follow_up', '我的回访 #' || seq.n, 'call', $SALES_ID, $SALES_ID, $NOW - 30 * 86400,
       $NOW - 20 * 86400 + (seq.n % 40) * 86400, 'open', $NOW
FROM seq JOIN (SELECT id, row_number() OVER (ORDER BY id) AS k FROM customers WHERE owner_id = $SALES_ID) c
  ON c.k = 1 + seq.n % (SELECT max(1, count(*)) FROM customers WHERE owner_id = $SALES_ID);
-- The daily jobs' work (measured below): a tenth of the customers owned and quiet for 60 days,
-- reclaimed by a 30-day rule. (The follow-up rules are reset just before the daily jobs: the
-- hourly task would otherwise start their catch-up under "my day".)
UPDATE customers SET created_at = created_at - 60 * 86400 WHERE id % 10 = 3 AND owner_id IS NOT NULL;
DELETE FROM pool_rules;
INSERT INTO pool_rules (grade, no_followup_days, no_deal_days) VALUES ('', 30, 0);
UPDATE owner_history SET at = at - 60 * 86400 WHERE customer_id % 10 = 3;
COMMIT;
ANALYZE;
SQL
    t1=$(date +%s.%N)
    echo "FOLLOWUP_DATA interactions=$(sqlite3 "$DB" 'SELECT count(*) FROM interactions') tasks=$(sqlite3 "$DB" 'SELECT count(*) FROM tasks') sales_customers=$(sqlite3 "$DB" "SELECT count(*) FROM customers WHERE owner_id = $SALES_ID") sales_open_tasks=$(sqlite3 "$DB" "SELECT count(*) FROM tasks WHERE doer_id = $SALES_ID AND state = 'open'") gen_s=$(python3 -c "print(round($t1 - $t0, 1))") db_bytes=$(du -cb "$DB"* | tail -1 | cut -f1)" >> "$RAW"
    log "$(tail -1 "$RAW")"
    start_server "$KEHU" "$RUN_DIR/serve-followup.log"
    start_sampler
    SALES_TOKEN=$(api_token benchsales)
    [ -n "$SALES_TOKEN" ] || { echo "bench: could not create the salesperson's token" >&2; exit 1; }
    SALES_AUTH="Authorization: Bearer $SALES_TOKEN"
    check my_day "/api/v1/tasks?state=overdue&limit=50" "$SALES_AUTH"
    check timeline "/api/v1/interactions?customer_id=1&limit=20"
    wrk_run my_day 16 "$WARMUP" 9 0
    for s in my_day timeline; do
        for c in $CONNS; do
            [ "$c" = "$last_conns" ] && perf_start "$s" 1
            wrk_run "$s" "$c" "$SECS" "$run"
            run=$(( (run + 1) % 9 ))
            perf_end "$s"
        done
    done
    # Selling (issue 14): BENCH_ORDER_LINES order lines (4 an order; 10 a customer by default),
    # BENCH_OPPORTUNITIES opportunities (2 a customer), 200 orders on each of the 100 timeline
    # customers, an installment per order (written with sqlite3 while no server runs); then a
    # customer's page (its tabs in turn), a salesperson's funnel, the company's funnel and monthly
    # forecast, and an accountant's overdue receivables.
    if [ "${BENCH_SELLING:-1}" = 1 ]; then
        NL=${BENCH_ORDER_LINES:-$(( IDS * 10 ))}
        NOPP=${BENCH_OPPORTUNITIES:-$(( IDS * 2 ))}
        NORD=$(( NL / 4 ))
        stop_server
        "$KEHU" user add benchacct --role accountant --name 基准会计 --password "$BENCH_PW_PRESET" \
            --db "$DB" >> "$RUN_DIR/init.log"
        log "selling: $NOPP opportunities, $NORD orders with $NL lines, 20,000 orders on 100 customers (sqlite3)"
        t0=$(date +%s.%N)
        TODAY=$(TZ=Asia/Shanghai date +%F)
        sqlite3 "$DB" > "$RUN_DIR/selling-gen.log" 2>&1 <<SQL
PRAGMA journal_mode = WAL;
PRAGMA cache_size = -$GEN_CACHE_KIB;
BEGIN;
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 20)
INSERT OR IGNORE INTO products (code, name, category, unit, price_fen, created_at, updated_at)
SELECT 'BENCH-' || n, '基准产品 ' || n, '整机', '台', 10000 * n, $NOW, $NOW FROM seq;
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < $NOPP),
     o(n, c, st) AS MATERIALIZED (SELECT n, 1 + abs(random()) % $IDS,
                            CASE WHEN n % 20 < 16 THEN 'open' WHEN n % 20 < 19 THEN 'won' ELSE 'lost' END FROM seq)
INSERT INTO opportunities (customer_id, owner_id, title, amount_fen, probability, stage_id, state, expected_close,
                           closed_at, closed_on, stage_entered_at, created_by, created_at, updated_at, holder_id)
SELECT o.c, o.h, '商机 #' || o.n, 100000 + abs(random()) % 50000000,
       CASE o.st WHEN 'won' THEN 100 WHEN 'lost' THEN 0 ELSE 10 + (o.n % 5) * 20 END, 1 + o.n % 5, o.st,
       date($NOW - 180 * 86400 + abs(random()) % (365 * 86400), 'unixepoch', '+8 hours'),
       CASE WHEN o.st = 'open' THEN 0 ELSE $NOW - abs(random()) % (180 * 86400) END, '',
       $NOW - 30 * 86400, $GM_ID, $NOW, $NOW, o.h
FROM (SELECT o.*, (SELECT owner_id FROM customers WHERE id = o.c) AS h FROM o) o;
UPDATE opportunities SET closed_on = date(closed_at, 'unixepoch', '+8 hours') WHERE closed_at > 0;
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < $NORD + 20000),
     o(n, c) AS MATERIALIZED (SELECT n, CASE WHEN n <= 20000 THEN 1 + (n - 1) % 100 ELSE 1 + abs(random()) % $IDS END FROM seq)
INSERT INTO orders (code, customer_id, owner_id, state, ordered_at, delivered_at, amount_fen, created_by, created_at, updated_at)
SELECT 'SO-B' || o.n, o.c, (SELECT owner_id FROM customers WHERE id = o.c), 'delivered',
       $NOW - abs(random()) % (730 * 86400), 0, 0, $GM_ID, $NOW, $NOW FROM o;
WITH RECURSIVE k(p) AS (SELECT 1 UNION ALL SELECT p + 1 FROM k WHERE p < 4)
INSERT INTO order_lines (order_id, position, product_id, description, quantity, price_fen, discount_fen, amount_fen)
SELECT o.id, k.p, (SELECT id FROM products WHERE code = 'BENCH-' || (1 + (o.id + k.p) % 20)), '', 1 + o.id % 3,
       10000 * (1 + (o.id + k.p) % 20), 0, (1 + o.id % 3) * 10000 * (1 + (o.id + k.p) % 20)
FROM orders o, k WHERE o.code LIKE 'SO-B%';
UPDATE orders SET amount_fen = (SELECT sum(amount_fen) FROM order_lines WHERE order_id = orders.id),
                  delivered_at = ordered_at WHERE code LIKE 'SO-B%';
INSERT INTO receivable_plans (order_id, customer_id, seq, due_on, amount_fen, paid_fen, created_at)
SELECT id, customer_id, 1, date(ordered_at + 30 * 86400, 'unixepoch', '+8 hours'), amount_fen,
       CASE WHEN id % 10 < 8 THEN amount_fen ELSE 0 END, $NOW FROM orders WHERE code LIKE 'SO-B%';
COMMIT;
ANALYZE;
SQL
        t1=$(date +%s.%N)
        echo "SELLING_DATA opportunities=$(sqlite3 "$DB" 'SELECT count(*) FROM opportunities') orders=$(sqlite3 "$DB" 'SELECT count(*) FROM orders') order_lines=$(sqlite3 "$DB" 'SELECT count(*) FROM order_lines') overdue=$(sqlite3 "$DB" "SELECT count(*) FROM receivable_plans WHERE paid_fen < amount_fen AND due_on < '$TODAY'") sales_open=$(sqlite3 "$DB" "SELECT count(*) FROM opportunities WHERE owner_id = $SALES_ID AND state = 'open'") gen_s=$(python3 -c "print(round($t1 - $t0, 1))") db_bytes=$(du -cb "$DB"* | tail -1 | cut -f1)" >> "$RAW"
        log "$(tail -1 "$RAW")"
        start_server "$KEHU" "$RUN_DIR/serve-selling.log"
        ACCT_AUTH="Authorization: Bearer $(api_token benchacct)"
        check customer_page "/api/v1/orders?customer_id=1&limit=50"
        check funnel_sales "/api/v1/opportunities/funnel" "$SALES_AUTH"
        check funnel_company "/api/v1/opportunities/funnel"
        check forecast_company "/api/v1/opportunities/forecast?by=month"
        check receivables_overdue "/api/v1/receivables?state=overdue&limit=50" "$ACCT_AUTH"
        # The funnels and the forecast are reports a person waits for: their targets are the time
        # of one, so they run one request at a time (the salesperson's also at 16 connections);
        # the customer page and the overdue list are pages many open at once.
        for s in customer_page funnel_sales funnel_company forecast_company receivables_overdue; do
            conns=$CONNS
            case $s in funnel_sales) conns="1 16" ;; funnel_company | forecast_company) conns=1 ;; esac
            for c in $conns; do
                [ "$c" = "$last_conns" ] && perf_start "$s" 1
                wrk_run "$s" "$c" "$SECS" "$run"
                run=$(( (run + 1) % 9 ))
                perf_end "$s"
            done
        done
    fi
    # Who saw this customer after BENCH_WHO_SAW_READS (10,000,000) more audited reads (issue 15):
    # written with the server stopped by kehu-bench-reads through the audit's own path, far faster
    # than requests make them (a get-by-id run makes about 20,000 a second).
    if [ "${BENCH_WHO_SAW:-1}" = 1 ] && [ -x "$ROOT/build/release/bench/kehu-bench-reads" ]; then
        stop_server
        log "who saw this customer: $NREADS audited reads first (kehu-bench-reads)"
        who_saw_reads
        start_server "$KEHU" "$RUN_DIR/serve-who-saw.log"
        check who_saw "/api/v1/customers/1/access-log"
        for c in $CONNS; do
            [ "$c" = "$last_conns" ] && perf_start who_saw 1
            wrk_run who_saw "$c" "$SECS" "$run"
            run=$(( (run + 1) % 9 ))
            perf_end who_saw
        done
    fi
    # The daily jobs over every customer (POST /scheduled-tasks/…/run, as an administrator), while
    # get by id runs at 64 connections: its rate before them, then during them.
    if [ "${BENCH_DAILY:-1}" = 1 ]; then
        ADMIN_AUTH="Authorization: Bearer $(api_token benchadmin)"
        wrk_run daily_base 64 "$SECS" "$run"
        # The non-buyer follow-up rules read every customer again, as after an import of a million
        # customers (the catch-up run: a task or two per customer); the scheduler may start it
        # itself at the restart (hourly, from :05), else the administrator's run does.
        stop_server
        sqlite3 "$DB" "UPDATE followup_rules SET active_from = 1, scanned_to = 0 WHERE trigger_kind = 'customer_created'"
        start_server "$KEHU" "$RUN_DIR/serve-daily.log"
        # One after the other, as the scheduler runs them (the hourly follow-up at :05, the reclaim
        # at 01:30): both at once share the single writer and its page cache and take twice as
        # long together (DECISIONS §138). Get by id runs 10 s from the start of each.
        daily_state() { curl -sf -H "$ADMIN_AUTH" "$HOST/api/v1/scheduled-tasks" | python3 -c '
import json, sys
items = {x["name"]: x for x in json.load(sys.stdin)["items"]}
out = []
for name, key in (("followup.generate", "generate"), ("customer.reclaim", "reclaim")):
    j = items.get(name, {}).get("job") or {}
    sec = j.get("seconds")
    out.append("%s_state=%s %s_s=%s %s_summary=%s" % (key, j.get("state", "none"), key, "" if sec is None else sec,
               key, json.dumps(j.get("summary", {}), separators=(",", ":"), ensure_ascii=False)))
print(" ".join(out))'; }
        # Both jobs in turn (with get by id for 10 s from the start of each when $1 = load), each
        # waited for; st is their state after. The job the run started is followed by its id (in
        # the database: an administrator's GET /jobs/{id} shows only their own jobs): the
        # scheduler's own hourly run may start meanwhile and become the task's job the list shows.
        daily_jobs() {
            st=''
            for t in followup.generate customer.reclaim; do
                key=${t#*.}
                # (a 409 when the scheduler started the hourly run itself at the restart: waited for)
                jid=$(curl -sf -H "$ADMIN_AUTH" -H 'Content-Type: application/json' -d '{}' \
                    "$HOST/api/v1/scheduled-tasks/$t/run" | python3 -c 'import json, sys; print(json.load(sys.stdin)["job_id"])' 2>/dev/null) ||
                    { jid=''; log "$t: not started now (running already?)"; }
                [ "$1" = load ] && wrk_run "daily_$key" 64 "$SECS" "$run"
                if [ -n "$jid" ]; then
                    for _ in $(seq 1800); do
                        case $(sqlite3 "$DB" "SELECT state FROM jobs WHERE id = $jid") in queued | running) sleep 1 ;; *) break ;; esac
                    done
                    st="$st $(sqlite3 "$DB" "SELECT '${key}_state=' || state || ' ${key}_s=' || (coalesce(finished_at, created_at) - created_at) || ' ${key}_summary=' || CASE summary WHEN '' THEN '{}' ELSE replace(summary, ' ', '') END FROM jobs WHERE id = $jid")"
                else
                    for _ in $(seq 1800); do
                        all=$(daily_state)
                        case $all in *${key}_state=running* | *${key}_state=queued*) sleep 1 ;; *) break ;; esac
                    done
                    st="$st $(echo "$all" | tr ' ' '\n' | grep "^${key}_" | tr '\n' ' ')"
                fi
            done
            st=${st# }
        }
        d0=$(date +%s.%N)
        daily_jobs load
        echo "DAILY_JOBS $st wall_s=$(python3 -c "print(round($(date +%s.%N) - $d0, 1))") tasks=$(sqlite3 "$DB" 'SELECT count(*) FROM tasks') pool=$(sqlite3 "$DB" 'SELECT count(*) FROM customers WHERE pool_since > 0')" >> "$RAW"
        log "$(tail -1 "$RAW")"
        # The day after: the same jobs over every customer once the catch-up is done. Each reclaim
        # rule one day shorter stands for the day that passed (the customers whose quiet days reach
        # it in that day go back); the follow-up rules find only what that day brought.
        rules=$(curl -sf -H "$ADMIN_AUTH" "$HOST/api/v1/pool/rules" | python3 -c '
import json, sys
rules = json.load(sys.stdin)["rules"]
for r in rules:
    if r.get("no_followup_days", 0) > 1:
        r["no_followup_days"] -= 1
print(json.dumps({"rules": [{k: r[k] for k in ("grade", "no_followup_days", "no_deal_days")} for r in rules]}))')
        curl -sf -o /dev/null -X PUT -H "$ADMIN_AUTH" -H 'Content-Type: application/json' -d "$rules" \
            "$HOST/api/v1/pool/rules" || log "pool rules: not changed"
        daily_jobs quiet
        echo "DAILY_NEXT $st pool=$(sqlite3 "$DB" 'SELECT count(*) FROM customers WHERE pool_since > 0')" >> "$RAW"
        log "$(tail -1 "$RAW")"
    fi
    kill "$SAMPLER_PID" 2>/dev/null || true
    SAMPLER_PID=''
    stop_server
fi

# ---- report ----
CMD="make bench"
[ "$N" != 1000000 ] && CMD="BENCH_N=$N $CMD"
[ "$SECS" != 10 ] && CMD="BENCH_SECONDS=$SECS $CMD"
[ "$CONNS" != "16 64" ] && CMD="BENCH_CONNS='$CONNS' $CMD"
[ "$GOV" = 0 ] && CMD="BENCH_GOV=0 $CMD"
[ -n "$OLD_KEHU" ] && CMD="BENCH_OLD=$BENCH_OLD $CMD"
docs_flag=()
[ "${BENCH_DOCS:-1}" = 0 ] && docs_flag=(--no-docs)
# PostgreSQL runs have a report of their own; PERFORMANCE.md's Results section stays SQLite's.
[ "$ENGINE" = pg ] && { CMD="BENCH_DB=pg $CMD"; docs_flag=(--no-docs --suffix=-pg); }
python3 "$ROOT/bench/report.py" "$RUN_DIR" --command "$CMD" --n "$N" --seconds "$SECS" "${docs_flag[@]}"
