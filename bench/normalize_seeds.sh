#!/bin/sh
# Scores `docpipe inspect --json` (default -T normalize) on the shared seed reports with
# the shared outline checker and prints one Markdown table row per seed.
#
# usage: bench/normalize_seeds.sh [DOCPIPE_BINARY]
#   DOCPIPE_BINARY  defaults to $DOCPIPE, else target/release/docpipe, else target/debug/docpipe
#   DOCPIPE_SHARED  the shared data folder (default: ../shared beside the checkout)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${DOCPIPE_SHARED:-$root/../shared}
bin=${1:-${DOCPIPE:-}}
if [ -z "$bin" ]; then
    for b in "$root/target/release/docpipe" "$root/target/debug/docpipe"; do
        if [ -x "$b" ]; then bin=$b; break; fi
    done
fi
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "no docpipe binary: build it (cargo build --release -p docpipe-cli) or pass its path" >&2
    exit 2
fi
seeds=$shared/corpus/seeds
checker=$shared/eval/outline_eval.py
if [ ! -d "$seeds" ] || [ ! -f "$checker" ]; then
    echo "shared seeds not found under $shared (set DOCPIPE_SHARED)" >&2
    exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "| file | gold headings | predicted | matched | precision | recall | F1 | depth accuracy | parts (gold/pred) | junk removed | warnings |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for txt in "$seeds"/*.txt; do
    stem=$(basename "$txt" .txt)
    gold=$seeds/$stem.outline.json
    [ -f "$gold" ] || continue
    "$bin" inspect "$txt" --json > "$tmp/$stem.json"
    "$bin" convert "$txt" -T normalize -t txt -o "$tmp/$stem.out.txt" 2>"$tmp/$stem.err"
    python3 "$checker" "$gold" "$tmp/$stem.json" --text "$tmp/$stem.out.txt" --json > "$tmp/$stem.score"
    python3 - "$tmp/$stem.score" "$tmp/$stem.json" "$stem" <<'PY'
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
p = json.load(open(sys.argv[2], encoding="utf-8"))
print("| `%s` | %d | %d | %d | %.4f | %.4f | %.4f | %.4f | %d/%d | %s | %d |" % (
    sys.argv[3], s["gold_headings"], s["pred_headings"], s["matched"], s["precision"],
    s["recall"], s["f1"], s["depth_accuracy"], s["gold_parts"], s["pred_parts"],
    "n/a" if s["junk_removed"] is None else "%.2f" % s["junk_removed"], len(p.get("warnings", []))))
PY
done
