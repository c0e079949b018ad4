#!/usr/bin/env python3
"""Text coverage of the docx importer against pandoc, explained.

    python3 bench/docx_import_coverage.py DOCPIPE CORPUS_DIR OUT_DIR

Converts every .docx to docpipe JSON and writes two text folders:
  OUT_DIR/all/    every text docpipe reads (body, labels, headers, footers, notes,
                  comments, text boxes, charts) -- what `docpipe convert -t txt` carries;
  OUT_DIR/scope/  the same without what pandoc's plain text leaves out (automatic
                  numbering labels, headers, footers, comments, text boxes, charts,
                  SmartArt), to compare like with like.
Pandoc's references are cached in OUT_DIR/ref/ (pandoc -f docx -s -t plain --wrap=none),
then ../shared/eval/docx_text_coverage.py scores both folders, and every file under 0.9
(recall or precision) in `all/` is listed with the share of its extra text that the
left-out components explain.
"""
import json
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

docpipe, corpus, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "docx_text_coverage.py"
PANDOC = Path.home() / ".cache/docpipe-peers/venv/bin/pandoc"
for d in ("all", "scope", "ref", "json"):
    (out / d).mkdir(parents=True, exist_ok=True)


def inl(xs, acc):
    for i in xs or []:
        t = i.get("type")
        if t in ("text", "code"):
            acc.append(i["text"])
        elif t == "line_break":
            acc.append("\n")
        elif t == "image":
            acc.append(" " + i.get("alt", "") + " ")
        elif "content" in i:
            inl(i["content"], acc)


def blocks(bs, acc, scope):
    for b in bs or []:
        t = b["type"]
        if t == "heading":
            if not scope and b.get("label"):
                acc.append(b["label"] + " ")
            inl(b["content"], acc)
        elif t == "paragraph":
            inl(b["content"], acc)
        elif t == "list":
            for it in b["items"]:
                if not scope and it.get("label"):
                    acc.append(it["label"] + " ")
                blocks(it["blocks"], acc, scope)
        elif t == "table":
            for r in b["rows"]:
                for c in r["cells"]:
                    blocks(c["blocks"], acc, scope)
        elif t == "div":
            if scope and b.get("class") in ("textbox", "chart", "diagram"):
                continue
            blocks(b["blocks"], acc, scope)
        elif t == "quote":
            blocks(b["blocks"], acc, scope)
        elif t == "code":
            acc.append(b["text"])
        elif t == "image":
            acc.append(b.get("alt", ""))
        acc.append("\n")


def text(doc, scope):
    acc = []
    m = doc.get("meta", {})
    for p in doc.get("parts", []):
        if p.get("title"):
            inl(p["title"], acc)
            acc.append("\n")
    if m.get("subtitle"):
        acc.append(m["subtitle"] + "\n")
    for p in doc.get("parts", []):
        blocks(p.get("blocks"), acc, scope)
    for n in doc.get("notes", []):
        blocks(n["blocks"], acc, scope)
    if not scope:
        for hf in doc.get("headers", []) + doc.get("footers", []):
            blocks(hf["blocks"], acc, scope)
        for c in doc.get("comments", []):
            blocks(c["blocks"], acc, scope)
    return "".join(acc)


def chars(s):
    s = unicodedata.normalize("NFKC", s).casefold()
    return Counter(c for c in s if unicodedata.category(c)[0] in "LMN")


for f in sorted(corpus.glob("*.docx")):
    stem = f.name[:-5]
    j = out / "json" / (stem + ".json")
    r = subprocess.run([docpipe, "convert", str(f), "-t", "json", "-o", str(j)], capture_output=True)
    if r.returncode != 0:
        continue
    doc = json.loads(j.read_text())
    (out / "all" / (stem + ".txt")).write_text(text(doc, False))
    (out / "scope" / (stem + ".txt")).write_text(text(doc, True))
    ref = out / "ref" / (stem + ".txt")
    if not ref.exists():
        p = subprocess.run([str(PANDOC), "-f", "docx", "-s", "-t", "plain", "--wrap=none", str(f)],
                           capture_output=True, timeout=120)
        if p.returncode == 0:
            ref.write_bytes(p.stdout)

res = {}
for d in ("all", "scope"):
    r = subprocess.run([sys.executable, str(EVAL), str(corpus), str(out / d), "--reference-dir", str(out / "ref"), "--worst", "0"],
                       capture_output=True, text=True)
    (out / f"coverage-{d}.txt").write_text(r.stdout + r.stderr)
    print(f"== {d}/")
    for line in r.stdout.splitlines():
        if line.startswith(("files compared", "mean", "micro", "files with")):
            print("  " + line.strip())

print("\nfiles under 0.9 in all/ (recall or precision), with what explains the difference:")
for f in sorted(corpus.glob("*.docx")):
    stem = f.name[:-5]
    ref, a, s = (out / d / (stem + ".txt") for d in ("ref", "all", "scope"))
    if not (ref.exists() and a.exists()):
        continue
    R, A, S = chars(ref.read_text(errors="replace")), chars(a.read_text()), chars(s.read_text())
    nr, na = sum(R.values()), sum(A.values())
    ov = sum(min(n, A[c]) for c, n in R.items())
    rec = ov / nr if nr else 1.0
    prec = ov / na if na else 1.0
    if rec >= 0.9 and prec >= 0.9:
        continue
    ns = sum(S.values())
    ovs = sum(min(n, S[c]) for c, n in R.items())
    sprec = ovs / ns if ns else (1.0 if nr == 0 else 0.0)
    srec = ovs / nr if nr else 1.0
    print(f"  {f.name[:70]:70s} recall {rec:.3f} precision {prec:.3f} | without labels/headers/footers/comments/boxes: recall {srec:.3f} precision {sprec:.3f}")
