#!/usr/bin/env bash
# Instruction counts of `callreport report` for two builds, under Valgrind's callgrind: unlike
# wall time, they repeat to a few parts in ten thousand on a busy machine, so a regression of a few
# percent shows. Prints each build's total, then the functions whose counts differ most.
#
#   Benchmarks/callgrind.sh BASE_BINARY NEW_BINARY [RECORDS]     (default 100000)
#
# The input is a demo month made by NEW_BINARY, as Benchmarks/run.sh makes it; one building
# thread (CALLREPORT_THREADS=1), so that the counts do not depend on which thread took which
# chunk, and Swift's hashing unseeded (SWIFT_DETERMINISTIC_HASHING=1), so that they do not depend
# on the order of a dictionary. Extra environment (e.g. OZONETEL_API_KEY, which turns the secret check on) is passed on.
# About three minutes a build for 100 000 records on a quiet machine. Work in $WORK (default
# /tmp/callreport-callgrind).
#
# Valgrind 3.19 (Debian 12) needs two workarounds for a Swift 6.3 binary: it cannot read DWARF 5,
# so each binary is run as a copy without debug information (`strip -g`; the symbol table stays,
# and names are demangled here), and it crashes in `rt_sigsuspend` because libdispatch hands the
# call a signal mask in read-only memory that Valgrind writes to, so a small preloaded library
# copies the mask first.
set -euo pipefail
BASE=$(realpath "$1"); NEW=$(realpath "$2"); N=${3:-100000}
MONTH=2026-11
W="${WORK:-/tmp/callreport-callgrind}"; mkdir -p "$W"

cat > "$W/sigsuspend.c" <<'C'
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>
/* Valgrind 3.19 writes into the mask given to rt_sigsuspend: pass it a copy on the stack. */
int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return syscall(SYS_rt_sigsuspend, &copy, (size_t)8);
}
C
cc -O2 -shared -fPIC -o "$W/sigsuspend.so" "$W/sigsuspend.c"

input="$W/in-json-$N"
if [ ! -f "$input/.done" ]; then
    rm -rf "$input" && mkdir -p "$input"
    "$NEW" demo --records "$N" --month "$MONTH" --save-responses "$input" --output "$W/demo-out" >/dev/null 2>&1
    touch "$input/.done"
fi

for side in base new; do
    bin=$BASE; [ $side = new ] && bin=$NEW
    cp "$bin" "$W/$side" && strip -g "$W/$side"
    rm -rf "$W/out-$side"
    echo "callgrind: $side ($bin)…" >&2
    CALLREPORT_THREADS=1 SWIFT_DETERMINISTIC_HASHING=1 LD_PRELOAD="$W/sigsuspend.so" valgrind --tool=callgrind \
        --callgrind-out-file="$W/callgrind.$side" "$W/$side" report --input "$input" --month "$MONTH" \
        --output "$W/out-$side" >"$W/valgrind-$side.log" 2>&1 || { tail -20 "$W/valgrind-$side.log" >&2; exit 1; }
done

python3 - "$W/callgrind.base" "$W/callgrind.new" <<'PY'
import re, subprocess, sys

def counts(path):
    text = subprocess.run(["callgrind_annotate", "--threshold=100", path], capture_output=True, text=True).stdout
    total, functions = 0, {}
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(\S.*?)\s*(\[.*\])?$", line)
        if not m:
            continue
        n = int(m.group(1).replace(",", ""))
        if "PROGRAM TOTALS" in line:
            total = n
        else:
            name = m.group(2).split(":", 1)[-1]
            functions[name] = functions.get(name, 0) + n
    names = list(functions)
    demangled = subprocess.run(["swift", "demangle", "--simplified", "--compact"], input="\n".join(names),
                               capture_output=True, text=True).stdout.splitlines()
    merged = {}
    for name, readable in zip(names, demangled or names):
        # Closures and private names carry a hash of their file: leave it out, so that a function
        # whose file changed is still the same function.
        readable = re.sub(r" in _[0-9A-F]{32}", "", readable)[:150]
        merged[readable] = merged.get(readable, 0) + functions[name]
    return total, merged

(base_total, base), (new_total, new) = counts(sys.argv[1]), counts(sys.argv[2])
print(f"instructions: base {base_total:,}  new {new_total:,}  ({new_total / base_total:.4f}×)")
print(f"{'change':>14} {'base':>14} {'new':>14}  function")
for name in sorted(set(base) | set(new), key=lambda k: -abs(new.get(k, 0) - base.get(k, 0)))[:25]:
    a, b = base.get(name, 0), new.get(name, 0)
    print(f"{b - a:>+14,} {a:>14,} {b:>14,}  {name}")
PY
