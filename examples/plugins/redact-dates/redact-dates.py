#!/usr/bin/env python3
"""redact-dates: a docpipe filter plugin (standard library only).

Reads a docpipe document as JSON on stdin, replaces every date in its text
(2025-12-01, 2025/12/1, 2025年12月1日, 3月1日, 1 December 2025, December 1, 2025,
01.12.2025) with a placeholder, and writes the document back on stdout.

Options come as a JSON object in DOCPIPE_OPTIONS:
  replacement   the text written instead of each date (default "[DATE]")
Run with --describe to print the plugin's description.
"""

import json
import os
import re
import sys

DESCRIPTION = {
    "name": "redact-dates",
    "version": "1.0.0",
    "format_version": 1,
    "components": [
        {
            "kind": "transform",
            "name": "redact-dates",
            "description": "replaces dates in every text of the document with a placeholder",
            "options": [
                {
                    "name": "replacement",
                    "description": "the text written instead of each date",
                    "default": "[DATE]",
                }
            ],
        }
    ],
}

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)

DATE = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?"  # 2025年12月1日, 2025年12月
    r"|(?<!\d)(?:1[0-2]|0?[1-9])\s*月\s*(?:3[01]|[12]\d|0?[1-9])\s*[日号]"  # 3月1日
    r"|\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b"  # 2025-12-01
    r"|\b\d{1,2}[./]\d{1,2}[./]\d{4}\b"  # 01.12.2025, 12/01/2025
    r"|\b\d{1,2}\s+(?:" + MONTHS + r")\.?\s+\d{4}\b"  # 1 December 2025
    r"|\b(?:" + MONTHS + r")\.?\s+\d{1,2},?\s+\d{4}\b",  # December 1, 2025
    re.IGNORECASE,
)

# Keys whose string values are text a reader sees (not ids, styles or base64 data).
TEXT_KEYS = {
    "text", "title", "subtitle", "subject", "description", "created", "modified",
    "anchor", "date", "alt", "caption",
}


def redact(node, replacement, count):
    """Walks the JSON tree, rewriting text strings in place; returns the new node."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str) and key in TEXT_KEYS:
                new, n = DATE.subn(replacement, value)
                count[0] += n
                node[key] = new
            elif key != "resources":
                node[key] = redact(value, replacement, count)
        return node
    if isinstance(node, list):
        return [redact(item, replacement, count) for item in node]
    return node


def main():
    if "--describe" in sys.argv[1:]:
        json.dump(DESCRIPTION, sys.stdout)
        return 0
    try:
        options = json.loads(os.environ.get("DOCPIPE_OPTIONS") or "{}")
    except ValueError as e:
        print(f"DOCPIPE_OPTIONS is not JSON: {e}", file=sys.stderr)
        return 2
    replacement = str(options.get("replacement", "[DATE]"))
    try:
        doc = json.load(sys.stdin)
    except ValueError as e:
        print(f"the input is not JSON: {e}", file=sys.stderr)
        return 1
    count = [0]
    doc = redact(doc, replacement, count)
    if count[0] == 0:
        print("warning: no date found", file=sys.stderr)
    # json.dumps (C encoder) is several times faster than json.dump on big documents.
    sys.stdout.write(json.dumps(doc, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
