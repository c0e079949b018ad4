#!/usr/bin/env python3
"""Checks `docpipe entities` on the seed reports against their *.entities.json gold:
every gold PERSON/PLACE span covered, no predicted span touching a masked placeholder run,
and the titles 总书记/书记 never inside a predicted span.
usage: python3 bench/anonymize-seeds.py [path/to/docpipe] [SEEDS_DIR]"""
import json, os, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
bin_ = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "target/release/docpipe")
seeds = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "../shared/corpus/seeds")
if not os.path.isdir(seeds):
    print(f"skip: {seeds} not found")
    sys.exit(0)
total = {"gold": 0, "covered": 0, "masked": 0, "masked_ok": 0, "pred": 0, "extra": 0, "title_hits": 0}
for name in sorted(os.listdir(seeds)):
    if not name.endswith(".entities.json"):
        continue
    gold = json.load(open(os.path.join(seeds, name), encoding="utf-8"))
    text = open(os.path.join(seeds, gold["file"]), encoding="utf-8").read()
    line = json.dumps({"id": name, "text": text}, ensure_ascii=False) + "\n"
    out = subprocess.run([bin_, "entities", "--lang", "zh"], input=line.encode(), capture_output=True, check=True)
    pred = json.loads(out.stdout)["entities"]
    cov = bytearray(len(text))
    for e in pred:
        cov[e["start"]:e["end"]] = b"\x01" * (e["end"] - e["start"])
    missed = [g["text"] for g in gold["entities"] if not all(cov[g["start"]:g["end"]])]
    bad_mask = [m["text"] for m in gold.get("masked", []) if any(cov[max(0, m["start"] - 1):m["end"] + 1]) and any(cov[m["start"]:m["end"]])]
    gold_spans = {(g["start"], g["end"]) for g in gold["entities"]}
    extra = [e["text"] for e in pred if (e["start"], e["end"]) not in gold_spans]
    titles = sum(1 for e in pred if "书记" in e["text"])
    print(f"{gold['file']}: gold {len(gold['entities'])}, missed {len(missed)} {missed[:8]}, "
          f"masked {len(gold.get('masked', []))} (replaced inside: {len(bad_mask)}), "
          f"predicted {len(pred)} (not in gold: {len(extra)} {sorted(set(extra))[:10]}), titles hit {titles}")
    total["gold"] += len(gold["entities"]); total["covered"] += len(gold["entities"]) - len(missed)
    total["masked"] += len(gold.get("masked", [])); total["masked_ok"] += len(gold.get("masked", [])) - len(bad_mask)
    total["pred"] += len(pred); total["extra"] += len(extra); total["title_hits"] += titles
print(f"total: {total['covered']}/{total['gold']} gold PERSON/PLACE spans replaced, "
      f"{total['masked_ok']}/{total['masked']} masked spans left alone, "
      f"{total['extra']} of {total['pred']} predicted spans not in gold, titles hit {total['title_hits']}")
