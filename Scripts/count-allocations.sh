#!/usr/bin/env bash
# Shows that `lbtrace decode --json` allocates nothing per packet: valgrind counts the heap
# allocations of whole runs over captures of very different sizes; the count must not grow with
# the number of packets (what remains is start-up and one output buffer per MiB written).
#   Scripts/count-allocations.sh [CAPTURE...]   (default: two fixtures and, if present, bench-out/synth-10000/of.pcap)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
Scripts/build-release.sh >/dev/null
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=(Fixtures/rr-many/of.pcap Fixtures/rr-many/dp.pcap)
  [ -f bench-out/synth-10000/of.pcap ] && files+=(bench-out/synth-10000/of.pcap)
fi
printf '%-40s %10s %12s\n' capture packets allocations
for f in "${files[@]}"; do
  packets=$(.build/release/lbtrace bench "$f" --passes read --repeats 1 | awk '$1=="read"{print $2}')
  allocs=$(valgrind --tool=memcheck .build/release/lbtrace decode --json "$f" 2>&1 >/dev/null \
           | sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p' | tr -d ,)
  printf '%-40s %10s %12s\n' "$f" "$packets" "$allocs"
done
