#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/Package.swift and runs each for a bounded time.
#
#   Fuzz/run.sh [--merge] [--no-build] [SECONDS] [TARGET...]
#
# SECONDS is the time per target (default 60). TARGET is json, xml, duration, timestamp, escapers,
# threads or direct (or FuzzJSON, …); default: all seven, one after the other.
#
# Each target fuzzes a scratch corpus under $FUZZ_WORK (default Fuzz/.build/work/<target>),
# seeded from Tests/FuzzCorpus/<target>/ and the crashers kept for it; the checked-in corpus is
# only read. Crashes, leaks, timeouts and out-of-memory inputs go to $FUZZ_WORK/<target>/artifacts.
# --merge then adds the scratch inputs that reach new coverage to Tests/FuzzCorpus/<target>/.
#
# Environment: FUZZ_WORK (scratch folder), FUZZ_BIN (the executables' folder, to skip the build
# lookup), CALLREPORT_THREADS (default 1 here, see below; FuzzThreads gets FUZZ_THREADS, default 2).
#
# Prints, per target: executions, executions per second, coverage (cov: edges, ft: features),
# corpus size and findings. Exits 1 when any target found something, 2 on a usage or build error.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
  export PATH="/opt/swift/usr/bin:$PATH"
fi

merge=0
build=1
seconds=60
targets=()
for arg in "$@"; do
  case "$arg" in
    --merge) merge=1 ;;
    --no-build) build=0 ;;
    -h | --help)
      sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *[!0-9]*) targets+=("$arg") ;;
    *) seconds="$arg" ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(json xml duration timestamp escapers threads direct)

# Target name → executable, corpus folder and input size limit.
executable() {
  case "$1" in
    json | FuzzJSON) echo FuzzJSON ;;
    xml | FuzzXML) echo FuzzXML ;;
    duration | FuzzDuration) echo FuzzDuration ;;
    timestamp | FuzzTimestamp) echo FuzzTimestamp ;;
    escapers | FuzzEscapers) echo FuzzEscapers ;;
    threads | FuzzThreads) echo FuzzThreads ;;
    direct | FuzzDirect) echo FuzzDirect ;;
    *) return 1 ;;
  esac
}
max_len() {
  case "$1" in
    json | xml) echo 16384 ;;
    duration | timestamp) echo 128 ;;
    escapers) echo 512 ;;
    # A recipe for thousands of records, not the records: it reads at most about 1.8 KB.
    threads) echo 2048 ;;
    direct) echo 8192 ;;
  esac
}

scratch=Fuzz/.build
work="${FUZZ_WORK:-$scratch/work}"
if [ "$build" = 1 ]; then
  # ld.gold warns "Cannot export local symbol" for every sanitizer hook: harmless, filtered.
  swift build --package-path Fuzz -c release --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing \
    2> >(grep -v 'Cannot export local symbol' >&2) | grep -v 'Cannot export local symbol' || {
    echo "fuzz: build failed" >&2
    exit 2
  }
fi
# FUZZ_BIN: run copies of the executables elsewhere (a long run survives a rebuild).
bin="${FUZZ_BIN:-$(swift build --package-path Fuzz -c release --scratch-path "$scratch" --show-bin-path)}"

# The Swift runtime's crash backtracer symbolicates for minutes; libFuzzer's own report suffices.
export SWIFT_BACKTRACE=enable=no
# One building thread: under AddressSanitizer the helper threads of each read cost several times
# the read itself (FuzzXML on its seeds: ~5000 inputs a second with one, ~700 with two).
# CALLREPORT_THREADS=2 fuzzes the threaded paths (batches on helper threads, the XML reader on
# its own thread) instead.
export CALLREPORT_THREADS="${CALLREPORT_THREADS:-1}"
# FuzzThreads is there for the threaded paths: it always gets helper threads.
threads_for() {
  case "$1" in
    threads) echo "${FUZZ_THREADS:-2}" ;;
    *) echo "$CALLREPORT_THREADS" ;;
  esac
}

status=0
summary=()
for target in "${targets[@]}"; do
  exe="$(executable "$target")" || {
    echo "fuzz: unknown target '$target' (json, xml, duration, timestamp, escapers, threads, direct)" >&2
    exit 2
  }
  name="$(echo "$exe" | sed 's/^Fuzz//' | tr '[:upper:]' '[:lower:]')"
  seeds="Tests/FuzzCorpus/$name"
  dir="$work/$name"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  cp -n "$seeds"/* "$dir/corpus/" 2>/dev/null || true
  for crasher in Tests/FuzzCorpus/crashers/"$name"-*; do
    [ -e "$crasher" ] && cp -n "$crasher" "$dir/corpus/"
  done
  before="$(ls "$dir/artifacts" | wc -l)"
  log="$dir/fuzz.log"
  echo "fuzz: $exe for ${seconds}s (log $log)"
  set +e
  CALLREPORT_THREADS="$(threads_for "$name")" "$bin/$exe" "$dir/corpus" -max_total_time="$seconds" \
    -dict="Fuzz/dict/$name.dict" -max_len="$(max_len "$name")" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$dir/artifacts/" >"$log" 2>&1
  code=$?
  set -e
  # The last status line: "#123456 DONE cov: 812 ft: 2931 corp: 301/40Kb …".
  last="$(grep -a -E '^#[0-9]+' "$log" | tail -1 || true)"
  cov="$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')"
  ft="$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')"
  corp="$(echo "$last" | sed -n 's/.* corp: \([^ ]*\).*/\1/p')"
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")"
  found=$(($(ls "$dir/artifacts" | wc -l) - before))
  line="$exe: ${execs:-?} executions, ${rate:-?}/s, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}, findings $found"
  if [ "$found" -gt 0 ] || [ "$code" -ne 0 ]; then
    status=1
    line="$line (exit $code; see $dir/artifacts and $log)"
    grep -a -m1 -E 'fuzz finding|ERROR: |Fatal error' "$log" >&2 || true
  fi
  echo "$line"
  summary+=("$line")
  if [ "$merge" = 1 ]; then
    "$bin/$exe" -merge=1 "$seeds" "$dir/corpus" >"$dir/merge.log" 2>&1
    echo "fuzz: merged into $seeds: $(ls "$seeds" | wc -l) files"
  fi
done

echo "fuzz summary (${seconds}s per target):"
printf '  %s\n' "${summary[@]}"
exit "$status"
