#!/bin/sh
# Cost of crossing the plugin boundary on a ~1 MB document (see bench/plugins.md).
# Usage: bench/plugins.sh [MB] [RUNS]   (from the repository root)
set -eu
MB=${1:-1}
RUNS=${2:-20}
TARGET=${CARGO_TARGET_DIR:-target}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cargo build --release --quiet -p docpipe-test-plugin-faulty -p docpipe-cli
LIB="$TARGET/release/$(case "$(uname)" in Darwin) echo libfaulty.dylib;; *) echo libfaulty.so;; esac)"

# The no-op program: `cat` copies the document from stdin to stdout.
printf 'name = "noop"\nkind = "transform"\ncommand = "cat"\n' > "$WORK/cat.toml"
# The same in Python (json.load + json.dumps), for a filter that parses the document.
cat > "$WORK/py-noop.py" <<'PY'
#!/usr/bin/env python3
import json, sys
sys.stdout.write(json.dumps(json.load(sys.stdin), ensure_ascii=False))
PY
chmod +x "$WORK/py-noop.py"
printf 'name = "noop"\nkind = "transform"\ncommand = "py-noop.py"\n' > "$WORK/py.toml"

echo "== in-process (host API, no CLI):"
cargo run --release --quiet -p docpipe-plugin-host --example boundary -- "$LIB" "$WORK/cat.toml" "$MB" "$RUNS"
cargo run --release --quiet -p docpipe-plugin-host --example boundary -- "$LIB" "$WORK/py.toml" "$MB" "$RUNS" | tail -1

echo "== whole CLI (docpipe convert doc.json -t json), median of $RUNS:"
python3 - "$WORK" "$MB" <<'PY'
import json, sys
work, mb = sys.argv[1], float(sys.argv[2])
blocks, size, i = [], 0, 0
while size < mb * 1_000_000:
    text = f"第{i}段：二〇二五年工作总结，Paragraph {i} of the report 全面推进，按期完成。"
    blocks.append({"type": "paragraph", "content": [{"type": "text", "text": text}]})
    size += len(json.dumps(blocks[-1], ensure_ascii=False).encode())
    i += 1
with open(f"{work}/doc.json", "w") as f:
    json.dump({"docpipe": 1, "parts": [{"blocks": blocks}]}, f, ensure_ascii=False)
PY
ls -l "$WORK/doc.json" | awk '{print "document:", $5, "bytes"}'
DP="$TARGET/release/docpipe"
run() {
  label=$1; shift
  python3 - "$RUNS" "$label" "$@" <<'PY'
import subprocess, sys, time
runs, label, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
times = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    times.append(time.perf_counter() - t)
times.sort()
print(f"{label:<28} min {times[0]*1000:7.1f} ms  median {times[len(times)//2]*1000:7.1f} ms")
PY
}
run "no transform" "$DP" convert "$WORK/doc.json" -t json -o "$WORK/out.json"
run "-T noop (native)" "$DP" convert "$WORK/doc.json" --plugin "$LIB" -T noop -t json -o "$WORK/out.json"
run "-T noop (program: cat)" "$DP" convert "$WORK/doc.json" --plugin "$WORK/cat.toml" -T noop -t json -o "$WORK/out.json"
run "-T noop (program: python)" "$DP" convert "$WORK/doc.json" --plugin "$WORK/py.toml" -T noop -t json -o "$WORK/out.json"
