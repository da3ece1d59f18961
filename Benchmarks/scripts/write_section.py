"""Puts a benchmark's section into BENCHMARKS.md: replaces the text between its
`<!-- NAME:begin -->` and `<!-- NAME:end -->` markers, or appends it under a new heading with
the command that re-runs it.

usage: write_section.py FILE NAME HEADING SCRIPT SECTION
"""
import re
import sys

path, name, heading, script, section = sys.argv[1:6]
text = open(path, encoding="utf-8").read()
begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
if begin in text:
    text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda m: section, text, flags=re.S)
else:
    text = (text.rstrip() + f"\n\n## {heading}\n\n" + section
            + f"\n\n### Re-run\n\n```sh\n{script}     # SIZES=\"100000\" for a quick run\n```\n")
open(path, "w", encoding="utf-8").write(text)
