#!/usr/bin/env bash
# Are two builds' outputs the same, byte for byte? For a change that must not alter any output
# (a refactoring, a speed-up): every file of `demo` (JSON and XML), of `report` on the saved
# responses (two settings), and of `run` against the test server (JSON and XML), with the stamp
# fixed by SOURCE_DATE_EPOCH. quarantine.jsonl of `run` names archived responses by file names
# that carry the fetch time: those are compared with the times taken out.
#
#   Benchmarks/same-outputs.sh BASE_BINARY NEW_BINARY [RECORDS]     (default 100000)
#
# Prints a line per file that differs, then how many files were compared. Work in $WORK
# (default /tmp/callreport-same).
set -uo pipefail
BASE=$(realpath "$1"); NEW=$(realpath "$2"); N=${3:-100000}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
W="${WORK:-/tmp/callreport-same}"; rm -rf "$W"; mkdir -p "$W"
export SOURCE_DATE_EPOCH=1767225600
TPL="$ROOT/templates"
for side in base new; do
  BIN=$BASE; [ $side = new ] && BIN=$NEW
  D=$W/$side; mkdir -p $D; cd $D
  for fmt in json xml; do
    $BIN demo --month 2026-10 --records $N --api-format $fmt --save-responses resp-$fmt --output demo-$fmt --templates $TPL --mail-from r@example.com --mail-to a@example.com >/dev/null 2>$D/demo-$fmt.err || echo "$side demo $fmt failed"
    $BIN report --input resp-$fmt --month 2026-10 --output report-$fmt --templates $TPL >/dev/null 2>$D/report-$fmt.err || echo "$side report $fmt failed"
    $BIN report --input resp-$fmt --from 2026-10-05 --to 2026-10-20 --campaign Inbound_Sales --mask-callers --no-bom --output report-$fmt --templates $TPL --timezone UTC --service-level 30 >/dev/null 2>>$D/report-$fmt.err || echo "$side report2 $fmt failed"
  done
  # run against the fake CloudAgent server
  python3 "$ROOT/Tests/FetchServer/cloudagent_server.py" --data resp-json/$(ls resp-json | head -1) $(for f in $(ls resp-json | tail -n +2); do echo --data resp-json/$f; done) --api-key KEY-secret-123 --user-name acme --max-lifetime 300 > server.out 2>/dev/null &
  SP=$!
  for i in $(seq 50); do grep -q LISTENING server.out 2>/dev/null && break; sleep 0.1; done
  PORT=$(awk '/LISTENING/{print $2}' server.out)
  OZONETEL_API_KEY=KEY-secret-123 OZONETEL_USER_NAME=acme $BIN run --month 2026-10 --base-url http://127.0.0.1:$PORT --archive archive --output run --templates $TPL >/dev/null 2>$D/run.err || echo "$side run failed"
  OZONETEL_API_KEY=KEY-secret-123 OZONETEL_USER_NAME=acme $BIN run --month 2026-10 --base-url http://127.0.0.1:$PORT --archive archive --output run2 --templates $TPL --api-format xml >/dev/null 2>>$D/run.err || echo "$side run xml failed"
  kill $SP; wait $SP 2>/dev/null
  # archive bodies: names carry the fetch time, so compare contents only
  (cd archive && find . -type f ! -name '*.meta.json' ! -name '*.lock' ! -name 'ledger*' -exec md5sum {} \; | awk '{print $1}' | sort) > archive.md5
done
cd $W
for d in $(cd base && find . -type f ! -path './archive/*' ! -name '*.err' ! -name server.out | sort); do
  if ! cmp -s base/$d new/$d; then
    # quarantine.jsonl names an archived response by its file name, which carries the fetch time
    if [[ $d == *quarantine.jsonl ]] && cmp -s <(sed -E 's/__[0-9]{8}T[0-9]{6}\.[0-9]{3}Z//g' base/$d) <(sed -E 's/__[0-9]{8}T[0-9]{6}\.[0-9]{3}Z//g' new/$d); then
      echo "same but for fetch stamps: $d"
    else echo "DIFFER: $d"; fi
  fi
done
for d in $(cd new && find . -type f ! -path './archive/*' ! -name '*.err' ! -name server.out | sort); do
  [ -e base/$d ] || echo "ONLY NEW: $d"
done
echo "compared $(cd base && find . -type f ! -path './archive/*' ! -name '*.err' ! -name server.out | wc -l) files"
