#!/usr/bin/env bash
# DOCX import benchmark: docpipe vs pandoc, side by side, on the dev corpus.
#
#   bash bench/docx_import_bench.sh [CORPUS_DIR] [OUT_DIR]
#
# Defaults: CORPUS_DIR=../shared/corpus/docx, OUT_DIR=/tmp/docx-import-bench.
# Needs pandoc (bash ../shared/eval/setup-peers.sh installs it) and GNU time.
# Writes OUT_DIR/docpipe.tsv (in-process CPU time per file, DOCX -> docpipe JSON),
# OUT_DIR/cli.tsv (whole `docpipe convert -t json` process: CPU seconds, peak RSS),
# OUT_DIR/pandoc.tsv (`pandoc -f docx -t json`: CPU seconds), OUT_DIR/txt/ (docpipe's
# plain text for the coverage script) and prints the summary.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CORPUS="${1:-$ROOT/../shared/corpus/docx}"
OUT="${2:-/tmp/docx-import-bench}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
PANDOC="${PANDOC:-$(command -v pandoc || echo "$HOME/.cache/docpipe-peers/venv/bin/pandoc")}"
mkdir -p "$OUT/txt"

cargo build --release -q -p docpipe-cli
cargo build --release -q -p docpipe-docx-import --example docx_bench
DOCPIPE="$CARGO_TARGET_DIR/release/docpipe"

# 1. docpipe in process: CPU time per file (import + JSON serialisation).
"$CARGO_TARGET_DIR/release/examples/docx_bench" "$CORPUS" > "$OUT/docpipe.tsv"

# 2. whole processes, one file at a time: docpipe CLI and pandoc (CPU time, peak RSS).
printf 'file\tstatus\tcpu\trss_kb\n' > "$OUT/cli.tsv"
printf 'file\tstatus\tcpu\trss_kb\n' > "$OUT/pandoc.tsv"
for f in "$CORPUS"/*.docx; do
    b="$(basename "$f")"
    s=0; /usr/bin/time -f '%U %S %M' -o "$OUT/.time" "$DOCPIPE" convert "$f" -t json -o /dev/null 2>/dev/null || s=$?
    t=$(tail -1 "$OUT/.time")
    printf '%s\t%s\t%s\t%s\n' "$b" "$s" "$(echo "$t" | awk '{print $1+$2}')" "$(echo "$t" | awk '{print $3}')" >> "$OUT/cli.tsv"
    "$DOCPIPE" convert "$f" -t txt -o "$OUT/txt/${b%.docx}.txt" 2>/dev/null || true
    if [ -x "$PANDOC" ]; then
        s=0; /usr/bin/time -f '%U %S %M' -o "$OUT/.time" timeout 120 "$PANDOC" -f docx -t json "$f" -o /dev/null 2>/dev/null || s=$?
        t=$(tail -1 "$OUT/.time")
        printf '%s\t%s\t%s\t%s\n' "$b" "$s" "$(echo "$t" | awk '{print $1+$2}')" "$(echo "$t" | awk '{print $3}')" >> "$OUT/pandoc.tsv"
    fi
done

python3 "$ROOT/bench/docx_import_summary.py" "$OUT"
