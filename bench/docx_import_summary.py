#!/usr/bin/env python3
"""Summarises bench/docx_import_bench.sh output: throughput, docpipe vs pandoc,
linearity of time in size, and peak memory against the inflated XML size."""
import csv
import statistics
import sys
from pathlib import Path

out = Path(sys.argv[1])


def table(name):
    with open(out / name, newline="") as f:
        return {r["file"]: r for r in csv.DictReader(f, delimiter="\t")}


dp = table("docpipe.tsv")
cli = table("cli.tsv")
pd = table("pandoc.tsv") if (out / "pandoc.tsv").exists() else {}
ok = {k: r for k, r in dp.items() if r["status"] == "ok"}
failed = {k: r["status"] for k, r in dp.items() if r["status"] != "ok"}
print(f"files: {len(dp)}; read: {len(ok)}; failed: {len(failed)}")
reasons = {}
for msg in failed.values():
    m = msg.removeprefix("failed: ")
    key = m.split(":")[0] if m.startswith("corrupt zip") else m.split(" (")[0][:60]
    reasons[key] = reasons.get(key, 0) + 1
for k, n in sorted(reasons.items(), key=lambda x: -x[1]):
    print(f"  {n:3d}  {k}")

mb = sum(int(r["bytes"]) for r in ok.values()) / 1e6
xml_mb = sum(int(r["xml_bytes"]) for r in ok.values()) / 1e6
secs = sum(float(r["seconds"]) for r in ok.values())
print(f"\ndocpipe in process (DOCX -> JSON, CPU time): {mb:.1f} MB of .docx ({xml_mb:.1f} MB of XML) "
      f"in {secs:.3f} s = {mb / secs:.1f} MB/s of .docx per core, {xml_mb / secs:.0f} MB/s of XML")

both = [k for k in ok if k in pd and pd[k]["status"] == "0" and k in cli and cli[k]["status"] == "0"]
if both:
    p_secs = sum(float(pd[k]["cpu"]) for k in both)
    i_secs = sum(float(ok[k]["seconds"]) for k in both)
    both_mb = sum(int(ok[k]["bytes"]) for k in both) / 1e6
    print(f"side by side on the {len(both)} files pandoc also reads ({both_mb:.1f} MB):")
    print(f"  pandoc -t json (process CPU):      {p_secs:8.2f} s = {both_mb / p_secs:6.2f} MB/s")
    print(f"  docpipe in process:                {i_secs:8.3f} s = {both_mb / i_secs:6.2f} MB/s  ({p_secs / i_secs:.0f}x pandoc)")
    worst = max(both, key=lambda k: float(pd[k]["cpu"]))
    print(f"  slowest for pandoc: {worst}: pandoc {float(pd[worst]['cpu']):.2f} s, docpipe {float(ok[worst]['seconds']) * 1000:.1f} ms")

for unit, key in (("MB of XML", "xml_bytes"), ("MB of .docx", "bytes")):
    big = [r for r in ok.values() if int(r[key]) >= 100_000]
    per = sorted(((float(r["seconds"]) / (int(r[key]) / 1e6), r["file"]) for r in big), reverse=True)
    if per:
        med = statistics.median(p for p, _ in per)
        print(f"\nlinearity per {unit} (files >= 100 kB of it: {len(per)}): median {med * 1000:.1f} ms/MB, "
              f"slowest {per[0][0] / med:.1f}x the median ({per[0][1]})")

ratios = []
for k, r in ok.items():
    if k in cli and cli[k]["rss_kb"] and int(r["xml_bytes"]) >= 1_000_000:
        ratios.append((int(cli[k]["rss_kb"]) * 1024 / int(r["xml_bytes"]), k, int(cli[k]["rss_kb"])))
if ratios:
    ratios.sort(reverse=True)
    print("\npeak RSS of `docpipe convert -t json` / inflated XML size, files with >= 1 MB of XML:")
    for q, k, kb in ratios:
        print(f"  {q:5.2f}x  {kb / 1024:6.1f} MiB  {k}")
