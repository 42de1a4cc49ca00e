#!/usr/bin/env bash
# ./bastion test's run, restricted to the 146 test classes that existed at ffaa123 (the day issue 13 was filed), so a
# whole-run time can be compared with that day's 8 min 57 s on the same tests. Build first (./bastion test does).
# Prints the test phase: first trx start to last trx finish.
set -uo pipefail
cd "$(dirname "$0")/../.."
results="TestResults/same-as-ffaa123-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$results"
filter="$(cat bench/testrun/ffaa123-classes.filter)"
each=(-c Release --no-build -nologo -v q --logger "console;verbosity=minimal" --results-directory "$results" --filter "$filter")
dotnet test tests/Bastion.E2E "${each[@]}" --logger "trx;LogFileName=e2e.trx" & e2e=$!
nice -n 10 dotnet test tests/Bastion.IntegrationTests "${each[@]}" --logger "trx;LogFileName=integration.trx" & integration=$!
nice -n 10 dotnet test tests/Bastion.Tests "${each[@]}" --logger "trx;LogFileName=unit.trx" & unit=$!
wait "$e2e"; wait "$integration"; wait "$unit"
python3 - "$results" <<'PY'
import glob, re, sys, datetime
starts, ends, total = [], [], 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    s = open(f, encoding="utf-8").read()
    t = re.search(r'<Times [^>]*start="([^"]+)" finish="([^"]+)"', s)
    starts.append(datetime.datetime.fromisoformat(t[1])); ends.append(datetime.datetime.fromisoformat(t[2]))
    total += int(re.search(r'<Counters total="(\d+)"', s)[1])
print(f"{total} tests, test phase {(max(ends) - min(starts)).total_seconds():.0f} s ({sys.argv[1]})")
PY
