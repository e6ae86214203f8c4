#!/usr/bin/env bash
# Every JMH benchmark of issue #8's list with the settings of the results table in benchmarks/README.md, one after
# another (never two at once: each fork wants the whole machine), with -prof gc for the allocation per operation.
#
#   benchmarks/run-jmh-suite.sh [--only REGEX] [--skip-restart]
#
# Runs, each with its annotation's warm-up and measurement (one fork):
#   PduCodecBenchmark, JournalBenchmark, RouteLookupBenchmark, RatingBenchmark, EncodingBenchmark,
#   RingPipelineBenchmark (both methods, blocking and phased), JournalReplayBenchmark (1 M and 10 M records),
#   SnapshotBenchmark
# --skip-restart leaves out the last two (they write about 2 GB of journal under java.io.tmpdir and take longest).
# JMH's summary of each goes to the terminal; the whole output and a JSON file per benchmark are kept in
# benchmarks/target/jmh-<time>/. JAR=/path/to/benchmarks.jar runs another build.
set -euo pipefail
cd "$(dirname "$0")/.."

ONLY='' SKIP_RESTART=false
while [ $# -gt 0 ]; do
  case "$1" in
    --only) ONLY=$2; shift 2 ;;
    --skip-restart) SKIP_RESTART=true; shift ;;
    *) echo "unknown option $1" >&2; sed -n '5p' "$0" | sed 's/^# //' >&2; exit 2 ;;
  esac
done

. benchmarks/script-helpers.sh # benchmarks_jar
benchmarks_jar
KEEP=benchmarks/target/jmh-$(date +%Y%m%d-%H%M%S)
mkdir -p "$KEEP"

SUITE=(PduCodecBenchmark JournalBenchmark RouteLookupBenchmark RatingBenchmark EncodingBenchmark RingPipelineBenchmark)
$SKIP_RESTART || SUITE+=(JournalReplayBenchmark SnapshotBenchmark)

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for benchmark in "${SUITE[@]}"; do
  if [ -n "$ONLY" ] && ! [[ $benchmark =~ $ONLY ]]; then
    continue
  fi
  echo "== $benchmark ($(date +%H:%M:%S))"
  # The benchmarks' own forks carry Chronicle's flags (@Fork jvmArgsAppend); -prof gc adds B/op to each score.
  java -jar "$JAR" "$benchmark" -prof gc -rf json -rff "$KEEP/$benchmark.json" > "$KEEP/$benchmark.txt" 2>&1 || {
    echo "$benchmark failed; see $KEEP/$benchmark.txt" >&2
    exit 1
  }
  # JMH's closing table: scores, then the gc profiler's lines; the allocation per operation is the one that counts.
  sed -n '/^Benchmark /,$p' "$KEEP/$benchmark.txt" | grep -E '^Benchmark +\(|^Benchmark +Mode|gc\.alloc\.rate\.norm|^[A-Za-z]+Benchmark\.[A-Za-z]+ ' || true
done
echo "outputs and JSON in $KEEP"
