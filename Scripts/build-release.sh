#!/usr/bin/env bash
# The release build the README recommends, in one place for the scripts and CI that need it:
# link-time optimisation across lbtrace's modules (some 6–8% faster than plain `-c release`) and the
# Swift runtime linked in (faster start-up, and a binary that runs without Swift installed).
# The binary is .build/release/lbtrace. Extra arguments go to `swift build`.
#
# When a source changed since the binary was built, the release build starts clean. Rebuilt
# incrementally, it can be wrong without a word: after a stored property was added to a class
# (CaptureReader, 2026-12-07), the module that allocates it (Report) was not recompiled, kept the
# old instance size inlined by the compiler's cross-module optimisation, and the binary wrote past
# the object (valgrind: an invalid write 80 bytes into an 82-byte block; `decode` aborted in free()).
# A clean build takes some 80 s instead of 45; an unchanged tree still builds in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/lbtrace
if [ -e "$bin" ] && [ -n "$(find Sources Package.swift Package.resolved -newer "$bin" -print -quit 2>/dev/null)" ]; then
  rm -rf "$(swift build -c release --show-bin-path)"
fi
exec swift build -c release --experimental-lto-mode=full --static-swift-stdlib "$@"
