#!/usr/bin/env bash
# Benchmarks for `docpipe batch` (issue 9). Prints one line per measurement.
#
#   bash bench/batch.sh                  # everything
#   BENCH=quick bash bench/batch.sh      # skip the 10,000-file runs (sections 1, 2)
#   SECTIONS="1 3" bash bench/batch.sh   # only some sections
#   SECTIONS=4 REPS=7 bash bench/batch.sh # --jobs 1 and --jobs 2 alternately, ratio per pair
#   DOCPIPE=/path/to/docpipe bash …      # measure that binary (no build)
#   OUT_BASE=/dev/shm bash …             # write outputs there (default: a folder in /tmp)
#   NICE=-15 bash …                      # run docpipe at that priority (see below)
#
# NICE: Linux shares the CPU fairly between sessions (autogroups) before looking at a
# process's nice value, so `nice` alone does not shield a measurement from the builds of
# other sessions. With NICE set, each measured command runs in a new session whose
# autogroup gets that nice value (needs root for values below 0), so on a busy shared
# machine docpipe gets the cores it asks for, much as on an idle one.
#
# Needs: a release build (built here into $CARGO_TARGET_DIR, default target-bench),
# /usr/bin/time (GNU), the shared corpus ($DOCPIPE_SHARED or ../shared), and for the
# side-by-side figures pandoc (bash ../shared/eval/setup-peers.sh; its venv bin is put on
# PATH here when present).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${DOCPIPE_SHARED:-$ROOT/../shared}"
CORPUS="$SHARED/corpus/docx"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target-bench}"
WORK="${BENCH_DIR:-$(mktemp -d /tmp/docpipe-bench-batch.XXXXXX)}"
PEERS_BIN="${PEERS_VENV:-$HOME/.cache/docpipe-peers/venv}/bin"
[[ -x "$PEERS_BIN/pandoc" ]] && export PATH="$PEERS_BIN:$PATH"

if [[ ! -d "$CORPUS" ]]; then
    echo "note: $CORPUS not found; nothing to measure" >&2
    exit 0
fi

if [[ -z "${DOCPIPE:-}" ]]; then
    (cd "$ROOT" && cargo build --release -q -p docpipe-cli)
    DOCPIPE="$CARGO_TARGET_DIR/release/docpipe"
fi
OUT="${OUT_BASE:+$(mktemp -d "$OUT_BASE/docpipe-bench-out.XXXXXX")}"
OUT="${OUT:-$WORK/out}"

mapfile -t FILES < <(find "$CORPUS" -maxdepth 1 -name '*.docx' | sort)
NFILES=${#FILES[@]}
BYTES=$(cat "${FILES[@]}" | wc -c)
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "corpus: $NFILES .docx files, $MB MB ($CORPUS)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $("$DOCPIPE" --version)"

# prio CMD...: runs CMD in a new session at autogroup priority $NICE (when set).
prio() {
    if [[ -n "${NICE:-}" ]]; then
        setsid sh -c 'echo "$0" >/proc/self/autogroup 2>/dev/null; exec "$@"' "$NICE" "$@"
    else
        "$@"
    fi
}

# run LABEL CMD...: runs CMD $REPS times (default 3) under GNU time; prints the best wall
# time, files/s and MB/s for it, its CPU time (user+sys), the largest peak RSS, the exit.
run() {
    local label=$1; shift
    local t="$WORK/time.txt" best="" cpu="" rss=0 status=0 i
    for (( i = 0; i < ${REPS:-3}; i++ )); do
        status=0
        prio /usr/bin/time -f '%e %U %S %M' -o "$t" "$@" >/dev/null 2>"$WORK/stderr.txt" || status=$?
        read -r w u s m < <(tail -n 1 "$t")
        if [[ -z "$best" ]] || awk -v a="$w" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$w; cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
        fi
        (( m > rss )) && rss=$m
    done
    awk -v l="$label" -v w="$best" -v c="$cpu" -v r="$rss" -v n="$NFILES" -v mb="$MB" -v s="$status" \
        'BEGIN { printf "%-44s %7.2f s  %7.1f files/s  %6.2f MB/s  cpu %6.2f s  peak RSS %6.1f MB  exit %s\n",
                 l, w, n / w, mb / w, c, r / 1024, s }'
    echo "$best" >"$WORK/last-wall"
}

SECTIONS="${SECTIONS:-1 2 3 4}"
[[ "${BENCH:-}" == quick ]] && SECTIONS="1 2 4"
want() { [[ " $SECTIONS " == *" $1 "* ]]; }

if want 1; then
echo
echo "== 1. docpipe batch $CORPUS -o OUT -t json,html"
for T in "" "-T normalize -T anonymize"; do
    [[ -n "$T" ]] && echo "-- with $T"
    B=("$DOCPIPE" batch "$CORPUS" -o "$OUT" -t json,html --quiet)
    # shellcheck disable=SC2086
    run "batch --jobs 1 $T" "${B[@]}" --jobs 1 $T; w1=$(cat "$WORK/last-wall")
    # shellcheck disable=SC2086
    run "batch --jobs 2 $T" "${B[@]}" --jobs 2 $T; w2=$(cat "$WORK/last-wall")
    awk -v a="$w1" -v b="$w2" 'BEGIN { printf "speed-up --jobs 2 / --jobs 1: %.2fx\n", a / b }'
    r="$OUT/docpipe-batch-report.json"
    python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['totals']; print('report totals:', t)" "$r"
done

fi

if want 2; then
echo
echo "== 2. pandoc over the same files (html and json, one process per file and format)"
if command -v pandoc >/dev/null; then
    echo "pandoc: $(pandoc --version | head -1)"
    pandoc_loop() {
        local out=$1; rm -rf "$out"; mkdir -p "$out"
        for f in "${FILES[@]}"; do
            b=$(basename "$f" .docx)
            pandoc "$f" -o "$out/$b.html" 2>/dev/null || true
            pandoc "$f" -t json -o "$out/$b.json" 2>/dev/null || true
        done
    }
    pandoc_par() {
        local out=$1; rm -rf "$out"; mkdir -p "$out"
        printf '%s\0' "${FILES[@]}" | xargs -0 -P 2 -I{} sh -c \
            'b=$(basename "$1" .docx); pandoc "$1" -o "$2/$b.html" 2>/dev/null; pandoc "$1" -t json -o "$2/$b.json" 2>/dev/null; true' _ {} "$out"
    }
    REPS=1 run "pandoc loop (sequential)" bash -c "$(declare -f pandoc_loop); FILES=(\"\$@\"); pandoc_loop $WORK/pandoc" _ "${FILES[@]}"
    REPS=1 run "pandoc via xargs -P 2" bash -c "$(declare -f pandoc_par); FILES=(\"\$@\"); pandoc_par $WORK/pandoc" _ "${FILES[@]}"
else
    echo "pandoc not found: run bash $SHARED/eval/setup-peers.sh"
fi

fi

if want 3; then
echo
echo "== 3. peak RSS: 100 vs 10,000 files"
# The 100-file folder holds the 100 largest corpus files (so it has the memory-hungry
# ones too); the 10,000-file folder cycles through the whole corpus. Both are copies.
make_folder() { # make_folder DIR COUNT
    local dir=$1 count=$2 i=0
    rm -rf "$dir"; mkdir -p "$dir"
    while (( i < count )); do
        for f in "${FILES[@]}"; do
            (( i >= count )) && break
            sub="$dir/d$(( i / 500 ))"
            mkdir -p "$sub"
            cp "$f" "$sub/f$i.docx"
            i=$(( i + 1 ))
        done
    done
}
# RSS_DIR=DIR keeps the two folders in DIR (made once, reused by later runs).
IN="${RSS_DIR:-$WORK}"
if [[ ! -d "$IN/in10000" ]]; then
    mkdir -p "$IN/in100"
    ls -S "${FILES[@]}" | head -n 100 | while read -r f; do cp "$f" "$IN/in100/"; done
    make_folder "$IN/in10000" 10000
fi
# TUNABLES=0: only the default allocator settings.
TUNS=("" "glibc.malloc.mmap_threshold=131072")
[[ "${TUNABLES:-1}" == 0 ]] && TUNS=("")
for TUN in "${TUNS[@]}"; do
    [[ -n "$TUN" ]] && echo "-- with GLIBC_TUNABLES=$TUN"
    for T in "" "-T normalize -T anonymize"; do
        for n in 100 10000; do
            # shellcheck disable=SC2086
            REPS=1 NFILES=$n MB=$(du -sm "$IN/in$n" | cut -f1) run "batch $n files --jobs 2 $T" \
                env ${TUN:+GLIBC_TUNABLES=$TUN} "$DOCPIPE" batch "$IN/in$n" -o "$WORK/out$n" \
                -t json,html --jobs 2 --quiet $T
            rm -rf "$WORK/out$n"
        done
    done
done
fi
if want 4; then
echo
echo "== 4. --jobs 1 and --jobs 2 alternately ($CORPUS -t json,html, output in $OUT)"
# One pair per round, run back to back so that both see the same load; a fresh output
# folder each run. Prints each pair's wall and CPU times and the ratio, then the median
# ratio and the ratio of the best walls.
pair_time() { # pair_time JOBS: prints "wall cpu" of one run
    rm -rf "$OUT"
    prio /usr/bin/time -f '%e %U %S' -o "$WORK/time.txt" "$DOCPIPE" batch "$CORPUS" -o "$OUT" \
        -t json,html --quiet --jobs "$1" ${EXTRA:-} >/dev/null 2>&1 || true
    tail -n 1 "$WORK/time.txt" | awk '{ printf "%s %.2f\n", $1, $2 + $3 }'
}
ratios=() b1="" b2=""
for (( i = 0; i < ${REPS:-5}; i++ )); do
    read -r w1 c1 < <(pair_time 1)
    read -r w2 c2 < <(pair_time 2)
    r=$(awk -v a="$w1" -v b="$w2" 'BEGIN { printf "%.2f", a / b }')
    ratios+=("$r")
    printf 'pair %d: --jobs 1 %5.2f s (cpu %5.2f s)   --jobs 2 %5.2f s (cpu %5.2f s)   ratio %sx   load %s\n' \
        "$i" "$w1" "$c1" "$w2" "$c2" "$r" "$(cut -d' ' -f1 /proc/loadavg)"
    [[ -z "$b1" ]] || awk -v a="$w1" -v b="$b1" 'BEGIN { exit !(a < b) }' && b1=$w1
    [[ -z "$b2" ]] || awk -v a="$w2" -v b="$b2" 'BEGIN { exit !(a < b) }' && b2=$w2
done
med=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
awk -v m="$med" -v a="$b1" -v b="$b2" 'BEGIN { printf "median ratio %.2fx; best walls %.2f s / %.2f s = %.2fx\n", m, a, b, a / b }'
fi
[[ "$OUT" == "$WORK/out" ]] || rm -rf "$OUT"
rm -rf "$WORK"
