#!/usr/bin/env python3
"""Summarise a callgrind.out file as Markdown: self cost by shared object, the functions
with the most self cost, and the inclusive cost of SafeGrid's main stages.

usage: callgrind_summary.py CALLGRIND_OUT [TOP]

Self cost is what a function executes itself; inclusive adds what it calls (a recursive
call to itself is not added again). Names are demangled with `swift demangle --simplified`
when the toolchain is on PATH.
"""
import re
import shutil
import subprocess
import sys
from collections import defaultdict

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 20

names = {"ob": {}, "fn": {}, "fl": {}}
ob = fn = None
call_target = None  # (ob, fn) of the callee while the next cost line is a call's cost
cob = cfn = None
self_cost = defaultdict(int)
call_cost = defaultdict(int)
self_ob = defaultdict(int)
total = 0
summary = None


def resolve(kind, value):
    m = re.match(r"\((\d+)\)(?:\s+(.*))?$", value)
    if not m:
        return value
    ident, name = m.group(1), m.group(2)
    if name is not None:
        names[kind][ident] = name
        return name
    return names[kind].get(ident, "?")


with open(path, encoding="utf-8", errors="replace") as f:
    for line in f:
        line = line.rstrip("\n")
        if not line:
            continue
        c = line[0]
        if c.isdigit() or c in "+-*":
            parts = line.split()
            if len(parts) < 2:
                continue
            cost = int(parts[1])
            if call_target is not None:
                if call_target != (ob, fn):
                    call_cost[(ob, fn)] += cost
                call_target = None
            else:
                self_cost[(ob, fn)] += cost
                self_ob[ob] += cost
                total += cost
            continue
        key, _, value = line.partition("=")
        if key == "ob":
            ob = resolve("ob", value)
            cob = None
        elif key == "fn":
            fn = resolve("fn", value)
            cob = cfn = None
        elif key in ("fl", "fi", "fe", "cfi", "cfl"):
            resolve("fl", value)
        elif key == "cob":
            cob = resolve("ob", value)
        elif key == "cfn":
            cfn = resolve("fn", value)
        elif key == "calls":
            call_target = (cob or ob, cfn)
            cob = None
        elif key in ("summary", "totals"):
            summary = int(value.split()[0])

grand = summary or total
functions = set(self_cost) | set(call_cost)
inclusive = {k: self_cost[k] + call_cost[k] for k in functions}

demangled = {}
mangled = sorted({k[1] or "?" for k in functions})
if shutil.which("swift"):
    try:
        out = subprocess.run(["swift", "demangle", "--simplified"], input="\n".join(mangled) + "\n",
                             capture_output=True, text=True, check=True).stdout.split("\n")
        if len(out) >= len(mangled):
            demangled = dict(zip(mangled, out))
    except (OSError, subprocess.CalledProcessError):
        pass


def name(key):
    raw = key[1] or "?"
    return demangled.get(raw, raw)


def short(obj):
    return (obj or "?").rsplit("/", 1)[-1]


def cell(text):
    text = text.replace("|", "\\|")
    return text if len(text) <= 110 else text[:107] + "..."


def pct(cost):
    return f"{100.0 * cost / grand:.1f}%"


print(f"Total: {grand:,} instructions.\n")
print("Self cost by shared object:\n")
print("| shared object | instructions | share |")
print("|---|---:|---:|")
for o, cost in sorted(self_ob.items(), key=lambda kv: -kv[1])[:8]:
    if cost * 1000 >= grand:
        print(f"| `{short(o)}` | {cost:,} | {pct(cost)} |")

stages = [
    ("`safegrid checklist validate`: `Validate.run()`", r"^ChecklistCommand\.Validate\.run\(\)$"),
    ("`ChecklistImporter.check(contentsOf:)`: verdict only", r"^ChecklistImporter\.check\(contentsOf:\)$"),
    ("`ChecklistImporter.importChecklist(contentsOf:)`", r"^ChecklistImporter\.importChecklist\(contentsOf:\)$"),
    ("`ChecklistImporter.validate(contentsOf:)`", r"^ChecklistImporter\.validate\(contentsOf:\)$"),
    ("  `ParseSession.parse()`, all passes and threads: libxml2 + SAX callbacks", r"^ParseSession\.parse\(\)$"),
    ("    `ParseSession.startElement` (SAX callback)", r"^ParseSession\.startElement\("),
    ("      `ChecklistAssembler.open`", r"^ChecklistAssembler\.open\("),
    ("    `ParseSession.endElement` (SAX callback)", r"^ParseSession\.endElement\(\)$"),
    ("      `ParseSession.collapsedWhitespace`", r"ParseSession\.collapsedWhitespace\("),
    ("  `ChecklistAssembler.build()`", r"^ChecklistAssembler\.build\(\)$"),
    ("  `ChecklistAssembler.check(into:)`", r"^ChecklistAssembler\.check\(into:\)$"),
    ("`Checklist.contentHash`", r"^Checklist\.contentHash\.getter$"),
    ("  `Checklist.canonicalForm`", r"^Checklist\.canonicalForm\.getter$"),
    ("  `SHA256.update`", r"SHA256\.update"),
    ("Across the run: `LocalizedText.canonicalTag`", r"LocalizedText\.canonicalTag\(_:\)$"),
    ("Across the run: `swift_beginAccess` (exclusivity checks)", r"^swift_beginAccess$"),
    ("Across the run: `malloc` + `free` (self)", None),
]
print("\nInclusive cost of the main stages (indented rows are parts of the row above):\n")
print("| stage | instructions | share |")
print("|---|---:|---:|")
for label, pattern in stages:
    if pattern is None:
        cost = sum(c for k, c in self_cost.items() if (k[1] or "") in ("malloc", "free", "_int_free", "_int_malloc", "cfree", "malloc_consolidate", "unlink_chunk.constprop.0"))
    else:
        matches = [inclusive[k] for k in functions if re.search(pattern, name(k))]
        if not matches:
            continue
        cost = max(matches)
    indent = len(label) - len(label.lstrip(" "))
    shown = "&emsp;" * (indent // 2) + label.lstrip(" ")
    print(f"| {shown} | {cost:,} | {pct(cost)} |")

print(f"\nThe {top} functions with the most self cost:\n")
print("| function | object | instructions | share |")
print("|---|---|---:|---:|")
for key, cost in sorted(self_cost.items(), key=lambda kv: -kv[1])[:top]:
    print(f"| `{cell(name(key))}` | `{short(key[0])}` | {cost:,} | {pct(cost)} |")
