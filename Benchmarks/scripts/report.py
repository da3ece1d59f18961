#!/usr/bin/env python3
"""Writes the measured part of the "Checklist import" section of BENCHMARKS.md.

usage: report.py WORK_DIR REPORT_MD

Reads what run-checklist-bench.sh left in WORK_DIR and replaces the text between
`<!-- checklist-bench:begin -->` and `<!-- checklist-bench:end -->` in REPORT_MD (creating the
file, or the section, when missing). Text outside the markers is kept as it is.
"""
import json
import os
import statistics
import sys

work, report_path = sys.argv[1], sys.argv[2]
BEGIN, END = "<!-- checklist-bench:begin -->", "<!-- checklist-bench:end -->"


def read(name, default=""):
    path = os.path.join(work, name)
    if not os.path.exists(path):
        return default
    with open(path, encoding="utf-8") as f:
        return f.read().strip()


def results(name):
    out = []
    for line in read(name).splitlines():
        if line.startswith("RESULT "):
            out.append(json.loads(line[len("RESULT "):]))
    return out


def ms(value):
    return f"{value:,.1f}"


env = json.loads(read("env.json"))
machine = json.loads(read("machine.json"))
hyperfine = json.loads(read("hyperfine.json"))["results"]
by_name = {r["command"]: r for r in hyperfine}
safegrid_run, xmllint_run = by_name["safegrid"], by_name["xmllint"]
reference_run = by_name.get("xmllint --stream")
ratio = safegrid_run["median"] / xmllint_run["median"]
rss = {}
for line in read("rss.txt").splitlines():
    label, kb = line.rsplit(" ", 1)
    rss.setdefault(label, []).append(int(kb))

modes = ["safegrid", "xmldocument", "xmlcoder"]
labels = {
    "safegrid": "`safegrid`: `ChecklistImporter.importChecklist(contentsOf:)` (libxml2 SAX + streaming XSD validation)",
    "xmldocument": "`xmldocument`: FoundationXML `XMLDocument` DOM, walked",
    "xmlcoder": "`xmlcoder`: XMLCoder 0.18.2 `XMLDecoder` into mirror structs, mapped",
}
cold = {m: results(f"decode-{m}-cold.txt") for m in modes}
warm = {m: results(f"decode-{m}-warm.txt") for m in modes}
hashes = {r["content_hash"] for m in modes for r in cold[m] + warm[m]}
verified = all(r["verified_equal_to_safegrid"] for m in modes for r in cold[m] + warm[m])
reference = warm["safegrid"][0]

lines = [BEGIN, ""]
lines.append(f"Measured {machine['date']} by `Benchmarks/run-checklist-bench.sh` (release builds); 1-minute load "
             f"average {read('load-before.txt', '?')} before timing and {read('load-after.txt', '?')} after (the machine "
             "has 2 cores; anything else running shows up as noise).")
lines.append("")
phases = {p: (read(f"phase-{p}.txt", "unknown ?") + " ?").split()[:2]
          for p in ["hyperfine", "decode-safegrid", "decode-xmldocument", "decode-xmlcoder"]}
disturbed = [p for p, (state, _) in phases.items() if state != "clean"]
others = ", ".join(f"`{p}` {b}%" for p, (_, b) in phases.items())
if disturbed:
    lines.append("**Noise warning:** other processes on this shared machine were busy during " +
                 ", ".join(f"`{p}`" for p in disturbed) + " in every attempt, so those numbers are high and spread; "
                 "the callgrind counts below are not affected.")
else:
    lines.append("Nothing else ran during the timed phases: each phase is repeated, up to 3 times, until no compiler "
                 "is seen and other processes use at most 10% of the two CPUs.")
lines[-1] += f" Share of the CPUs used by other processes, per phase: {others}."
lines.append("")
lines.append("**Machine.** " + machine["summary"])
lines.append("")
lines.append("<details><summary><code>lscpu</code> (without flags and vulnerabilities) and <code>free -h</code></summary>")
lines.append("")
lines.append("```")
lines.append(machine["lscpu"])
lines.append("")
lines.append(machine["free"])
lines.append("```")
lines.append("</details>")
lines.append("")
lines.append(
    f"**Input.** `big.xml`, {reference['bytes']:,} bytes, {reference['sections']} sections, {reference['items']:,} items, "
    f"written by `checklist-bench generate big.xml {env['bytes']}` (seeded LCG, byte-for-byte the same on every run). "
    "Every item has zh-CN and en prompt, guidance and fail text; severities, deadlines, weights, `<applies-to>`, "
    "`<response>` of all six types, `<basis>` (some as CDATA) and `<evidence>` vary; `&amp;`/`&lt;` entities and "
    "wrapped, indented text are common. "
    + ("It stays just under 10,000,000 bytes on purpose: FoundationXML's `XMLParser(data:)` fails on Linux at "
       "10,000,000 bytes or more, so XMLCoder could not read a larger file at all. " if reference["bytes"] < 10_000_000 else "")
    + "It passes `xmllint --noout --schema checklists/schema/checklist.xsd` and `safegrid checklist validate` "
    "(both exit 0, checked before timing).")
lines.append("")

lines.append("### Whole process: `safegrid checklist validate` against `xmllint --schema`")
lines.append("")
lines.append(f"hyperfine {machine['hyperfine']}, `--warmup {env['warmup']} --runs {env['runs']} -N`; "
             f"peak RSS from `/usr/bin/time -f %M`, median of {env['rss_runs']} runs (range).")
lines.append("")
lines.append("| command | median ms | range ms | mean ± σ ms | × xmllint | CPU ms (user + sys, mean) | peak RSS MiB |")
lines.append("|---|---:|---:|---:|---:|---:|---:|")


def rss_cell(label):
    values = rss.get(label, [])
    if not values:
        return "–"
    med = statistics.median(values) / 1024
    return f"{med:,.1f} ({min(values) / 1024:,.1f}–{max(values) / 1024:,.1f})"


rows = [("safegrid", f"`safegrid checklist validate big.xml`"),
        ("xmllint", f"`xmllint --noout --schema checklist.xsd big.xml`")]
if reference_run:
    rows.append(("xmllint --stream", "*reference:* `xmllint --stream --noout --schema checklist.xsd big.xml`"))
for key, shown in rows:
    r = by_name[key]
    lines.append(
        f"| {shown} | {ms(r['median'] * 1000)} | {ms(r['min'] * 1000)}–{ms(r['max'] * 1000)} | "
        f"{ms(r['mean'] * 1000)} ± {ms(r['stddev'] * 1000)} | {r['median'] / xmllint_run['median']:.2f} | "
        f"{ms((r['user'] + r['system']) * 1000)} | {rss_cell(key)} |")
lines.append("")
verdict = "**met**" if ratio <= 1.0 else "**missed**"
lines.append(f"**SafeGrid / xmllint = {ratio:.2f}** (medians; target ≤ 1.0: {verdict}). "
             f"Fastest run against fastest run: {safegrid_run['min'] / xmllint_run['min']:.2f}.")
lines.append("")
validate_output = read("validate-output.txt").splitlines()
lines.append("Both commands parse and validate the whole file against the same schema. `xmllint` builds a tree "
             "and validates it. SafeGrid streams libxml2's SAX events through the schema validator "
             "(`xmlSchemaSAXPlug`) and applies its rules beyond the schema; what else its `validate` command does "
             "in the build measured (building the `Checklist`, hashing it, using a second thread) shows in the profile "
             "below. The reference row is libxml2 doing SafeGrid's kind of streaming validation (the xmlTextReader "
             "plugs the same validator) and nothing else. "
             + (f"`safegrid checklist validate big.xml` printed: `{validate_output[0].replace(chr(96), '')}`" if validate_output else ""))
lines.append("")

lines.append("### In process: decoding `big.xml` into `SafeGridCore.Checklist`")
lines.append("")
lines.append(f"`checklist-bench decode MODE big.xml N`, timed with `ContinuousClock` around each decode, reading "
             f"the file included. Cold: 1 iteration in each of {env['cold']} fresh processes; warm: {env['warm']} "
             "iterations in one process. Median and range (min–max) of the per-iteration times.")
lines.append("")
lines.append("| mode | schema-validates | cold median ms (range) | warm median ms (range) | MB/s (warm) | × safegrid (warm) |")
lines.append("|---|---|---:|---:|---:|---:|")
safegrid_warm = statistics.median(warm["safegrid"][0]["times_ms"]) if warm["safegrid"] else None
for m in modes:
    cold_times = [r["times_ms"][0] for r in cold[m]]
    warm_times = warm[m][0]["times_ms"] if warm[m] else []
    cold_cell = f"{ms(statistics.median(cold_times))} ({ms(min(cold_times))}–{ms(max(cold_times))})" if cold_times else "–"
    if warm_times:
        w = statistics.median(warm_times)
        warm_cell = f"{ms(w)} ({ms(min(warm_times))}–{ms(max(warm_times))})"
        rate = f"{reference['bytes'] / 1e6 / (w / 1000):.1f}"
        factor = f"{w / safegrid_warm:.2f}"
    else:
        warm_cell = rate = factor = "–"
    lines.append(f"| {labels[m]} | {'yes' if m == 'safegrid' else '**no**'} | {cold_cell} | {warm_cell} | {rate} | {factor} |")
lines.append("")
if len(hashes) == 1 and verified:
    lines.append(f"All three produce an equal `Checklist` (checked with `==` and `contentHash` against SafeGrid's "
                 f"in every peer process): `contentHash` {hashes.pop()}.")
else:
    lines.append(f"**The modes did not agree**: content hashes {sorted(hashes)}, verified={verified}.")
lines.append("")
lines.append(
    "The peers do **not** validate against the schema: they only map what they find, with SafeGrid's rules for "
    "white space (runs of XML white space collapsed to one space, trimmed), language tags, defaults and number "
    "parsing, so on a valid file they must agree with SafeGrid. SafeGrid's times include validation but not "
    f"compiling the schema, which `ChecklistImporter.init` does once ({ms(reference['setup_ms'])} ms here). Computing "
    f"`contentHash` of this checklist takes {ms(statistics.median([r['hash_ms'] for r in warm['safegrid'] + cold['safegrid']]))} ms "
    "(median over the safegrid runs) and is not in the decode times. "
    "XMLCoder is configured with `trimValueWhitespaces: false`: its default trimming drops every text chunk that is "
    "only white space, and libxml2 delivers the space in `（&lt; 最低要求）` as such a chunk, so the default loses it.")
lines.append("")

profile = read("profile.md")
if profile:
    lines.append("### Where SafeGrid's time goes")
    lines.append("")
    lines.append(f"`valgrind --tool=callgrind` on the release binary running `safegrid checklist validate big.xml` "
                 f"(instruction counts: repeatable, unaffected by other load). For scale: {read('xmllint-instructions.txt')}")
    lines.append("")
    lines.append(profile)
    lines.append("")
    profile_import = read("profile-import.md")
    if profile_import:
        lines.append("#### The import path: `checklist-bench decode safegrid big.xml 1`")
        lines.append("")
        lines.append("`ChecklistImporter.importChecklist(contentsOf:)`, which builds the whole `Checklist` "
                     "(what `inspect` and `checklist show` use), then the bench's `contentHash` of it, also under callgrind.")
        lines.append("")
        lines.append(profile_import.replace("Self cost by shared object:", "Self cost by shared object (whole bench process):"))
        lines.append("")

lines.append("### Re-run")
lines.append("")
lines.append("```sh")
lines.append("Benchmarks/run-checklist-bench.sh          # builds, generates big.xml, measures, rewrites this part")
lines.append("```")
lines.append("")
lines.append(END)
block = "\n".join(lines)

if os.path.exists(report_path):
    with open(report_path, encoding="utf-8") as f:
        text = f.read()
else:
    text = "# SafeGrid benchmarks\n\nMeasured numbers, with the machine and the date each was taken on. " \
           "Each section says how to re-run it.\n"
if BEGIN in text and END in text:
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    text = head + block + tail
elif "## Checklist import" in text:
    head, rest = text.split("## Checklist import", 1)
    first_line, _, body = rest.partition("\n")
    text = head + "## Checklist import" + first_line + "\n\n" + block + "\n" + body
else:
    text = text.rstrip("\n") + "\n\n## Checklist import\n\n" + block + "\n"
with open(report_path, "w", encoding="utf-8") as f:
    f.write(text)
print(f"wrote {report_path}: SafeGrid/xmllint = {ratio:.2f}")
