#!/usr/bin/env bash
# Builds and runs lbtrace's libFuzzer targets (sources in Fuzz/). See --help.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
# Swift's own crash backtracer reads memory in a way AddressSanitizer reports as a second crash;
# libFuzzer prints the stack itself.
export SWIFT_BACKTRACE=enable=no

TARGETS=(capture wire openflow stream replay)
SCRATCH=.build-fuzz

usage() {
  cat <<'USAGE'
usage: Scripts/fuzz.sh TARGET [RUNS] [-- libFuzzer flags...]
       Scripts/fuzz.sh build            build every target, run none
       Scripts/fuzz.sh check            exit 0 when -sanitize=fuzzer works here (and python3 is there)

TARGET is one of:
  capture   arbitrary bytes as a capture file → CaptureReader → FrameDumper (the whole `decode` path)
  wire      link-type byte + frame → DecodedPacket.decode, JSON, summary; each view → Repr → emit → parse
  openflow  one message → OFMessageView, writeJSON, summary; OFMessage parse → emit → parse (must match)
  stream    a sequence of segments (Fuzz/Segments.swift) → ControlChannel, with small limits
  replay    option byte + segments → a synthesised pcap → SessionReplay → LabChecks → every renderer
  all       each target in turn

RUNS is the number of executions (default 20000). Modules are built once with
`swift build -c release -Xswiftc -sanitize=fuzzer,address` into .build-fuzz (AddressSanitizer with
LeakSanitizer on Linux), then each harness is linked against them. Seeds come from the fixtures
(Scripts/fuzz-seeds.py, written to .build-fuzz/seeds/TARGET); what the fuzzer finds new is kept in
.build-fuzz/corpus/TARGET. Inputs that once crashed are kept in Fuzz/regressions/TARGET and replayed
by every run (each also has a unit test). Crashes are written to fuzz-out/TARGET-crash-<sha1>.

To reproduce a crash:
  Scripts/fuzz.sh build
  .build-fuzz/fuzz-TARGET fuzz-out/TARGET-crash-<sha1>      # runs that one input, prints the trap
  xxd fuzz-out/TARGET-crash-<sha1>                          # the bytes, for a regression test
To minimise it: .build-fuzz/fuzz-TARGET -minimize_crash=1 -runs=10000 fuzz-out/TARGET-crash-<sha1>
A release build drops precondition messages; for the message, link the harness against the debug
modules instead (swift build first):
  swiftc -Onone -sanitize=fuzzer -parse-as-library -I .build/debug/Modules \
    -Xcc -fmodule-map-file=Sources/CPcap/module.modulemap -Xcc -fmodule-map-file=Sources/CPrefetch/module.modulemap \
    Fuzz/FuzzTARGET.swift [Fuzz/Segments.swift] \
    .build/debug/{Capture,Wire,OpenFlow,Model,Replay,Report}.build/*.o -lpcap -o /tmp/repro
  SWIFT_BACKTRACE=enable=no /tmp/repro fuzz-out/TARGET-crash-<sha1>
USAGE
}

fuzzer_works() {
  command -v python3 >/dev/null 2>&1 || return 1   # the seed corpora are cut from the fixtures by Python
  local dir; dir=$(mktemp -d)
  printf '@_cdecl("LLVMFuzzerTestOneInput") public func t(_ d: UnsafeRawPointer, _ n: Int) -> CInt { 0 }\n' > "$dir/t.swift"
  swiftc -sanitize=fuzzer,address -parse-as-library "$dir/t.swift" -o "$dir/t" >/dev/null 2>&1 && "$dir/t" -runs=1 >/dev/null 2>&1
  local rc=$?; rm -rf "$dir"; return $rc
}

build() {
  swift build -c release --scratch-path "$SCRATCH" -Xswiftc -sanitize=fuzzer,address --target Report -j 1 2>&1 | grep -v "^\[" || true
  local bin; bin=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)
  local objects=()
  for m in Capture Wire OpenFlow Model Replay Report; do objects+=("$bin/$m.build"/*.o); done
  for t in "${TARGETS[@]}"; do
    local src=(Fuzz/Fuzz"$(tr '[:lower:]' '[:upper:]' <<< "${t:0:1}")${t:1}".swift)
    [ "$t" = openflow ] && src=(Fuzz/FuzzOpenFlow.swift)
    [ "$t" = stream ] || [ "$t" = replay ] && src+=(Fuzz/Segments.swift)
    local out="$SCRATCH/fuzz-$t"
    if [ -x "$out" ] && [ -z "$(find "${src[@]}" "${objects[@]}" -newer "$out" 2>/dev/null | head -1)" ]; then continue; fi
    echo "linking $out"
    rm -f "$out"   # a failed link must not leave the previous binary to be run as if it were this code
    swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name Fuzz"$t" \
      -I "$bin/Modules" -Xcc -fmodule-map-file=Sources/CPcap/module.modulemap \
      -Xcc -fmodule-map-file=Sources/CPrefetch/module.modulemap \
      "${src[@]}" "${objects[@]}" -lpcap -o "$out" 2>&1 | grep -v "Cannot export local symbol" || true
    [ -x "$out" ] || { echo "fuzz.sh: linking $out failed" >&2; exit 1; }
  done
  python3 Scripts/fuzz-seeds.py "$SCRATCH/seeds" >/dev/null
}

run() {
  local t=$1 runs=$2; shift 2
  local max_len=4096
  case $t in capture) max_len=16384 ;; replay) max_len=16384 ;; stream) max_len=8192 ;; esac
  mkdir -p "$SCRATCH/corpus/$t" fuzz-out
  local regressions=()
  [ -d "Fuzz/regressions/$t" ] && regressions=("Fuzz/regressions/$t")
  echo "== fuzz $t: $runs runs"
  # The first directory collects new inputs; the others (seeds, past crashes) are read only.
  "$SCRATCH/fuzz-$t" -runs="$runs" -max_len="$max_len" -print_final_stats=1 -artifact_prefix="fuzz-out/$t-" \
    -rss_limit_mb=2048 -timeout=10 "$@" "$SCRATCH/corpus/$t" "$SCRATCH/seeds/$t" "${regressions[@]}"
}

case "${1:-}" in
  ""|-h|--help) usage; exit 0 ;;
  check) fuzzer_works; exit $? ;;
  build) build; exit 0 ;;
esac
target=$1; runs=${2:-20000}; shift; [ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
if ! fuzzer_works; then echo "fuzz.sh: swiftc -sanitize=fuzzer does not work here (or python3 is missing); nothing fuzzed" >&2; exit 3; fi
build
if [ "$target" = all ]; then
  for t in "${TARGETS[@]}"; do run "$t" "$runs" "$@"; done
else
  [[ " ${TARGETS[*]} " == *" $target "* ]] || { echo "fuzz.sh: unknown target $target" >&2; usage >&2; exit 2; }
  run "$target" "$runs" "$@"
fi
