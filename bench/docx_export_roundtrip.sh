#!/usr/bin/env bash
# DOCX → DOCX keeps the text: every corpus DOCX that docpipe reads is converted to DOCX by
# docpipe, pandoc extracts the plain text of the output, and
# ../shared/eval/docx_text_coverage.py compares it with pandoc's text of the input.
#
#   bench/docx_export_roundtrip.sh            # uses target/release/docpipe
#   DOCPIPE=target-x/debug/docpipe bench/docx_export_roundtrip.sh
#
# Needs pandoc (on PATH, in $PANDOC, or from `pip install pypandoc-binary`).
set -euo pipefail
cd "$(dirname "$0")/.."
DOCPIPE=${DOCPIPE:-target/release/docpipe}
SHARED=${DOCPIPE_SHARED:-../shared}
PANDOC=${PANDOC:-$(command -v pandoc || python3 -c 'import pypandoc; print(pypandoc.get_pandoc_path())')}
OUT=${OUT:-$(mktemp -d /tmp/docx-export-roundtrip.XXXXXX)}
mkdir -p "$OUT/in" "$OUT/out" "$OUT/text"
read_ok=0; read_failed=0; pandoc_failed=0
for f in "$SHARED"/corpus/docx/*.docx; do
  n=$(basename "$f" .docx)
  if "$DOCPIPE" convert "$f" -o "$OUT/out/$n.docx" 2>>"$OUT/docpipe-errors.log"; then
    read_ok=$((read_ok + 1))
    ln -sf "$(realpath "$f")" "$OUT/in/$n.docx"
    if ! "$PANDOC" -f docx -s -t plain --wrap=none "$OUT/out/$n.docx" -o "$OUT/text/$n.txt" 2>>"$OUT/pandoc-errors.log"; then
      pandoc_failed=$((pandoc_failed + 1))
      echo "pandoc cannot read docpipe's output of $n" >&2
    fi
  else
    read_failed=$((read_failed + 1))
  fi
done
echo "docpipe read $read_ok files ($read_failed not read: see $OUT/docpipe-errors.log); pandoc failed on $pandoc_failed outputs"
python3 "$SHARED/eval/docx_text_coverage.py" "$OUT/in" "$OUT/text" --pandoc "$PANDOC" --worst "${WORST:-10}" "$@"
