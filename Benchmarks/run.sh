#!/usr/bin/env bash
# End-to-end benchmark of `callreport report` (normalize, aggregate, render every file,
# calls.csv included) on synthetic months made by `callreport demo --save-responses`.
#
#   Benchmarks/run.sh [--records "100000 1000000"] [--formats "json xml"] [--runs 3] [--duckdb]
#                     [--baseline BINARY] [--args "FLAGS"]
#
# Prints, per case, the median of --runs runs: wall time, records/s, MB/s of input and peak RSS
# (from /usr/bin/time -v). With --duckdb, also times /work/shared/bench/duckdb_compare.py (or
# $DUCKDB_COMPARE) on each JSON input in the same run, from a venv it creates if missing
# ($DUCKDB_VENV, default $WORK/venv-duck), and prints the ratio. With --baseline, also times
# another callreport binary (e.g. a build of the commit before a change) on the same inputs,
# each of its runs right after one of this build's, and prints the ratio of the medians. --args
# adds flags to this build's `report` (e.g. "--xlsx-calls"; a baseline may be a script that runs
# this build with other flags, such as --no-xlsx).
# Inputs and outputs go to $WORK (default /tmp/callreport-bench), never into the repository.
# Not run by CI: it takes minutes and needs a quiet machine.
set -euo pipefail

RECORDS="100000 1000000"
FORMATS="json xml"
RUNS=3
DUCKDB=0
BASELINE=""
ARGS=""
MONTH=2026-11
while [ $# -gt 0 ]; do
    case "$1" in
        --records) RECORDS="$2"; shift 2 ;;
        --formats) FORMATS="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --duckdb) DUCKDB=1; shift ;;
        --baseline) BASELINE="$2"; shift 2 ;;
        --args) ARGS="$2"; shift 2 ;;
        --month) MONTH="$2"; shift 2 ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 64 ;;
    esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${WORK:-/tmp/callreport-bench}"
SCRATCH="${SCRATCH:-$ROOT/.build-perf}"
DUCKDB_COMPARE="${DUCKDB_COMPARE:-/work/shared/bench/duckdb_compare.py}"
DUCKDB_VENV="${DUCKDB_VENV:-$WORK/venv-duck}"
mkdir -p "$WORK"

echo "building release ($SCRATCH)…" >&2
swift build -c release --scratch-path "$SCRATCH" --product callreport >&2
BIN="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/callreport"

if [ "$DUCKDB" = 1 ] && [ ! -x "$DUCKDB_VENV/bin/python" ]; then
    python3 -m venv "$DUCKDB_VENV"
    "$DUCKDB_VENV/bin/pip" install --quiet duckdb
fi

# make_inputs N FORMAT → prints the input folder (made once, reused by later runs)
make_inputs() {
    local dir="$WORK/in-$2-$1"
    if [ ! -f "$dir/.done" ]; then
        rm -rf "$dir" && mkdir -p "$dir"
        echo "making $1 records as $2 in $dir…" >&2
        "$BIN" demo --records "$1" --month "$MONTH" --api-format "$2" --save-responses "$dir" \
            --output "$WORK/demo-out" >/dev/null 2>&1
        touch "$dir/.done"
    fi
    echo "$dir"
}

# measure LABEL COMMAND… → "seconds kilobytes" of one run (fails loudly on a failed command)
measure() {
    local log="$WORK/time.log"
    if ! /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$WORK/stderr.log"; then
        cat "$WORK/stderr.log" >&2
        echo "failed: $*" >&2
        exit 1
    fi
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" |
        awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    echo "$wall $rss"
}

# stage_times → "read metrics render readcpu workbook" (wall seconds) from the last run's stderr
stage_times() {
    sed -n 's/.*stage times: read \([0-9.]*\) s (cpu \([0-9.]*\) s), metrics \([0-9.]*\) s.*render \([0-9.]*\) s[^,]*\(, workbook \([0-9.]*\) s\)\{0,1\}.*/\1 \3 \4 \2 \6/p' \
        "$WORK/stderr.log" | tail -1
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '%-28s %9s %8s %9s %11s %8s %10s\n' case records MB "wall s" "records/s" "MB/s" "peak MB"
for n in $RECORDS; do
    for format in $FORMATS; do
        dir=$(make_inputs "$n" "$format")
        files=("$dir"/*."$format")
        bytes=$(cat "${files[@]}" | wc -c)
        mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
        walls=() rsss=() reads=() metricss=() renders=() cpus=() workbooks=() bwalls=() brsss=()
        for _ in $(seq "$RUNS"); do
            rm -rf "$WORK/out" && mkdir -p "$WORK/out"
            # shellcheck disable=SC2086 # ARGS: one word per flag
            read -r w r < <(CALLREPORT_STAGE_TIMES=1 measure "$BIN" report --month "$MONTH" --output "$WORK/out" \
                $ARGS $(printf -- '--input %s ' "${files[@]}"))
            walls+=("$w") rsss+=("$r")
            read -r sr sm sx sc sw < <(stage_times)
            reads+=("$sr") metricss+=("$sm") renders+=("$sx") cpus+=("$sc") workbooks+=("${sw:-0}")
            if [ -n "$BASELINE" ]; then
                rm -rf "$WORK/out" && mkdir -p "$WORK/out"
                read -r w r < <(measure "$BASELINE" report --month "$MONTH" --output "$WORK/out" \
                    $(printf -- '--input %s ' "${files[@]}"))
                bwalls+=("$w") brsss+=("$r")
            fi
        done
        w=$(printf '%s\n' "${walls[@]}" | median)
        r=$(printf '%s\n' "${rsss[@]}" | median)
        printf '%-28s %9d %8s %9.2f %11.0f %8.1f %10.0f\n' "callreport report $format" "$n" "$mb" "$w" \
            "$(awk -v n="$n" -v w="$w" 'BEGIN { print n / w }')" \
            "$(awk -v b="$mb" -v w="$w" 'BEGIN { print b / w }')" "$(awk -v r="$r" 'BEGIN { print r / 1024 }')"
        printf '%-28s %9d %8s  read (normalize, aggregate, calls.csv) %.2f s using %.2f s of CPU; metrics %.2f s; render %.2f s; workbook %.2f s\n' \
            "  stages (medians)" "$n" "$mb" "$(printf '%s\n' "${reads[@]}" | median)" \
            "$(printf '%s\n' "${cpus[@]}" | median)" "$(printf '%s\n' "${metricss[@]}" | median)" \
            "$(printf '%s\n' "${renders[@]}" | median)" "$(printf '%s\n' "${workbooks[@]}" | median)"
        if [ -n "$BASELINE" ]; then
            bw=$(printf '%s\n' "${bwalls[@]}" | median)
            br=$(printf '%s\n' "${brsss[@]}" | median)
            printf '%-28s %9d %8s %9.2f %11.0f %8.1f %10.0f\n' "baseline report $format" "$n" "$mb" "$bw" \
                "$(awk -v n="$n" -v w="$bw" 'BEGIN { print n / w }')" \
                "$(awk -v b="$mb" -v w="$bw" 'BEGIN { print b / w }')" "$(awk -v r="$br" 'BEGIN { print r / 1024 }')"
            printf '%-28s %9d %8s  this build takes %.3f× the baseline'"'"'s time\n' "ratio" "$n" "$mb" \
                "$(awk -v a="$w" -v b="$bw" 'BEGIN { print a / b }')"
        fi
        if [ "$DUCKDB" = 1 ] && [ "$format" = json ]; then
            dwalls=() drsss=()
            for _ in $(seq "$RUNS"); do
                read -r w2 r2 < <(measure "$DUCKDB_VENV/bin/python" "$DUCKDB_COMPARE" "${files[@]}")
                dwalls+=("$w2") drsss+=("$r2")
            done
            dw=$(printf '%s\n' "${dwalls[@]}" | median)
            dr=$(printf '%s\n' "${drsss[@]}" | median)
            printf '%-28s %9d %8s %9.2f %11.0f %8.1f %10.0f\n' "duckdb read_json (schema)" "$n" "$mb" "$dw" \
                "$(awk -v n="$n" -v w="$dw" 'BEGIN { print n / w }')" \
                "$(awk -v b="$mb" -v w="$dw" 'BEGIN { print b / w }')" "$(awk -v r="$dr" 'BEGIN { print r / 1024 }')"
            printf '%-28s %9d %8s  callreport takes %.2f× DuckDB'"'"'s time\n' "ratio" "$n" "$mb" \
                "$(awk -v a="$w" -v b="$dw" 'BEGIN { print a / b }')"
        fi
    done
done
