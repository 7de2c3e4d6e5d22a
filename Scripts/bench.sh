#!/usr/bin/env bash
# Benchmark lbtrace on large synthesised lab sessions (release build).
#
#   Scripts/bench.sh [CONNECTIONS...]      default: 10000 100000
#
# For each size: `lbtrace synth` writes a session (of.pcap + dp.pcap); then, each in its own
# process so that peak RSS belongs to one pass:
#   - a C loop over libpcap's pcap_next_ex that only counts bytes (the floor for any libpcap reader),
#   - lbtrace bench --passes read / decode / json (decode --json to nowhere) on of.pcap,
#   - `lbtrace decode --json of.pcap > /dev/null` and `lbtrace check` on the session, timed whole,
# and prints packets/s, MB/s, peak RSS and the ratio to the C loop. Files go to bench-out/ (ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
out=bench-out; mkdir -p "$out"
swift build -c release >/dev/null
bin=.build/release/lbtrace
cc -O2 -o "$out/pcap_count" Scripts/bench/pcap_count.c -lpcap

rss() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1; }   # prints "seconds maxrss_kib"

printf '%-8s %-22s %10s %10s %12s %9s %9s %8s\n' conns pass packets MB packets/s MB/s RSS_MiB vs_C
for n in "${sizes[@]}"; do
  dir="$out/synth-$n"
  [ -f "$dir/of.pcap" ] || "$bin" synth --connections "$n" --rate 200 --seed 1 --out "$dir" >/dev/null
  of="$dir/of.pcap"
  # Best of three, like `lbtrace bench --repeats 3`: the first run may find the file cold.
  read -r cpk cby cs _ < <(for _ in 1 2 3; do "$out/pcap_count" "$of"; done | sort -k3 -g | head -1)
  crate=$(python3 -c "print($cpk/$cs)")
  row() { # name packets bytes seconds rss_kib
    python3 -c "
n,p,b,s,r,c='$1',$2,$3,$4,$5,$crate
print('%-8s %-22s %10d %10.1f %12.0f %9.1f %9.1f %7.0f%%' % ('$n_conn', n, p, b/1e6, p/s, b/s/1e6, r/1024, 100*(p/s)/c))"
  }
  n_conn=$n
  read -r _ crss < <(rss "$out/pcap_count" "$of")
  row "C pcap_next_ex (of)" "$cpk" "$cby" "$cs" "$crss"
  for pass in read decode json; do
    line=$("$bin" bench "$of" --passes "$pass" --repeats 3 | awk -v p="$pass" '$1==p')
    read -r _ pk by s _ < <(echo "$line")
    read -r _ prss < <(rss "$bin" bench "$of" --passes "$pass" --repeats 1)
    row "bench $pass (of)" "$pk" "$by" "$s" "$prss"
  done
  read -r s r < <(rss "$bin" decode --json "$of")
  row "decode --json (of)" "$cpk" "$cby" "$s" "$r"
  read -r s r < <(rss "$bin" check "$of")
  row "check (of)" "$cpk" "$cby" "$s" "$r"
  dpk=$("$out/pcap_count" "$dir/dp.pcap" | awk '{print $1, $2}')
  read -r s r < <(rss "$bin" check "$of" "$dir/dp.pcap")
  row "check (of+dp)" $((cpk + ${dpk% *})) $((cby + ${dpk#* })) "$s" "$r"
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%Y-%m-%d)"
