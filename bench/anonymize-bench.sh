#!/usr/bin/env bash
# Speed and start-up of the anonymiser.
# Usage: bash bench/anonymize-bench.sh [path/to/docpipe]   (default: target/release/docpipe)
# Start-up: `docpipe entities` on one line (loads dictionaries) minus on no line (loads
# nothing), best of 5. Speed: `convert -T anonymize` of ~4 MB of Chinese text built from
# the seed reports in ../shared (or from a generated text when they are absent).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/target/release/docpipe}"
shared="${DOCPIPE_SHARED:-$root/../shared}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
best() { # best of 5 wall-clock seconds of "$@"
  local b=999
  for _ in 1 2 3 4 5; do
    local s e; s=$(now); "$@" >/dev/null 2>&1 || true; e=$(now)
    b=$(python3 -c "print(min($b, $e - $s))")
  done
  echo "$b"
}
printf '{"id":"1","text":"记者王小明在南昌市采访。"}\n' > "$work/one.jsonl"
: > "$work/none.jsonl"
t1=$(best "$bin" entities "$work/one.jsonl")
t0=$(best "$bin" entities "$work/none.jsonl")
python3 -c "print(f'start-up (dictionary load): {1000*($t1-$t0):.0f} ms  (one line {1000*$t1:.0f} ms, no line {1000*$t0:.0f} ms)')"
if ls "$shared"/corpus/seeds/*.txt >/dev/null 2>&1; then
  cat "$shared"/corpus/seeds/*.txt > "$work/seed.txt"
else
  for i in $(seq 1 200); do echo "记者王小明在南昌市采访了刘建国同志,双方就江西省的发展交换了意见。"; done > "$work/seed.txt"
fi
while [ "$(stat -c %s "$work/big.txt" 2>/dev/null || echo 0)" -lt 4000000 ]; do cat "$work/seed.txt" >> "$work/big.txt"; done
size=$(stat -c %s "$work/big.txt")
s=$(now); "$bin" convert "$work/big.txt" -T anonymize -t txt -o "$work/out.txt"; e=$(now)
s2=$(now); "$bin" convert "$work/big.txt" -t txt -o "$work/plain.txt"; e2=$(now)
python3 -c "
size=$size; t=$e-$s; base=$e2-$s2
print(f'anonymize: {size/1e6:.2f} MB in {t:.2f} s total, {base:.2f} s without -T anonymize')
print(f'anonymize speed: {size/1e6/(t-base):.2f} MB/s (transform only), {size/1e6/t:.2f} MB/s end to end, one thread')"
