#!/usr/bin/env python3
"""Summarise a callgrind.out file as Markdown: self cost by shared object, the functions
with the most self cost, and the inclusive cost of SafeGrid's main stages.

usage: callgrind_summary.py CALLGRIND_OUT... [TOP]

Several files (callgrind --separate-threads=yes writes one per thread) are added together,
and a table gives each thread's share.

Self cost is what a function executes itself; inclusive adds what it calls (a recursive
call to itself is not added again). Names are demangled with `swift demangle --simplified`
when the toolchain is on PATH.
"""
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict

args = sys.argv[1:]
top = int(args.pop()) if len(args) > 1 and args[-1].isdigit() else 20
paths = [p for p in args if os.path.getsize(p) > 0]

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


per_thread = []
for path in paths:
    names = {"ob": {}, "fn": {}, "fl": {}}
    ob = fn = None
    call_target = None
    cob = cfn = None
    summary = None
    before = total
    self_before = dict(self_cost)
    call_before = dict(call_cost)
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


    thread_self = {k: self_cost[k] - self_before.get(k, 0) for k in self_cost}
    thread_call = {k: call_cost[k] - call_before.get(k, 0) for k in call_cost}
    per_thread.append((path, total - before, thread_self, thread_call))
    summary = None

grand = total
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
if len(per_thread) > 1:
    print("By thread (what each runs, inclusive):\n")
    print("| thread | instructions | share | runs |")
    print("|---|---:|---:|---|")
    for index, (path, cost, t_self, t_call) in enumerate(per_thread, 1):
        if cost * 1000 < grand:
            continue
        keys = set(t_self) | set(t_call)
        runs = []
        for label, pattern in [("`Validate.run()`", r"^ChecklistCommand\.Validate\.run\(\)$"),
                               ("`importChecklist`", r"^ChecklistImporter\.importChecklist\(contentsOf:\)$"),
                               ("`ParseSession.parse()`", r"^ParseSession\.parse\(\)$"),
                               ("`ParseSession.startElement`", r"^ParseSession\.startElement\("),
                               ("`Checklist.contentHash`", r"^Checklist\.contentHash\.getter$")]:
            matches = [t_self.get(k, 0) + t_call.get(k, 0) for k in keys if re.search(pattern, name(k))]
            if matches and max(matches) > 0:
                runs.append(f"{label} {max(matches):,}")
        print(f"| {index} | {cost:,} | {100.0 * cost / grand:.1f}% | {'; '.join(runs)} |")
    print()
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
    ("  `ParseSession.parse()`, every pass on every thread (a pass on another thread is outside the rows above)", r"^ParseSession\.parse\(\)$"),
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
