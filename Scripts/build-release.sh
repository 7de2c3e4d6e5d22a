#!/usr/bin/env bash
# The release build the README recommends, in one place for the scripts and CI that need it:
# link-time optimisation across lbtrace's modules (some 6–8% faster than plain `-c release`) and the
# Swift runtime linked in (faster start-up, and a binary that runs without Swift installed).
# The binary is .build/release/lbtrace. Extra arguments go to `swift build`.
set -euo pipefail
cd "$(dirname "$0")/.."
exec swift build -c release --experimental-lto-mode=full --static-swift-stdlib "$@"
