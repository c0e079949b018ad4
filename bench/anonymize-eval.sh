#!/usr/bin/env bash
# Scores `docpipe entities` on the shared NER development files.
# Usage: bash bench/anonymize-eval.sh [path/to/docpipe]   (default: target/release/docpipe)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/target/release/docpipe}"
shared="${DOCPIPE_SHARED:-$root/../shared}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for lang in zh en; do
  gold="$shared/corpus/ner/$lang-dev.jsonl"
  [ -f "$gold" ] || { echo "skip: $gold not found"; continue; }
  "$bin" entities "$gold" --lang "$lang" > "$out/$lang.jsonl"
  python3 "$shared/eval/ner_eval.py" "$gold" "$out/$lang.jsonl" --by-source
done
