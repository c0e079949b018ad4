#!/usr/bin/env bash
# Runs the cargo-fuzz target of the DOCX reader, seeded with the small files of the dev
# corpus (copied into fuzz/corpus/, which git ignores).
#   cargo install cargo-fuzz        # once; the target needs a nightly toolchain
#   bash bench/docx_import_fuzz.sh [SECONDS]
# Any crash lands in fuzz/artifacts/docx_import/: add it as a regression test in
# plugins/docx-import (a byte literal or a builder call that reproduces it).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECS="${1:-600}"
CORPUS="$ROOT/../shared/corpus/docx"
mkdir -p "$ROOT/fuzz/corpus/docx_import"
if [ -d "$CORPUS" ]; then
    find "$CORPUS" -name '*.docx' -size -60k -exec cp {} "$ROOT/fuzz/corpus/docx_import/" \;
fi
cd "$ROOT/fuzz"
cargo +nightly fuzz run docx_import corpus/docx_import -- \
    -max_total_time="$SECS" -rss_limit_mb=2048 -max_len=200000
