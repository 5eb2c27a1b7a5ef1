#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compare one boot's serial log with tests/qemu/expected.tsv; print TAP.

    compare.py --expected TSV --kernel K --mode M --log SERIAL [--status S]

For every row of the table for K/M, one line:

    ok - qemu K/M: CASE: loaded errno=- taint=0 sysfs=merkle
    not ok - qemu K/M: CASE: expected ..., got ...

A case the guest never reported (the boot died or timed out) is "not
ok". Three more lines per boot: the boot ran to the end, the kernel
printed no BUG, WARNING, Oops or panic, and it took every boot parameter. Exits 0 unless its own input is
unusable.
"""

import argparse
import re
import sys

FACTS = ("outcome", "errno", "taint", "sysfs")
ALARMS = re.compile(r"\bBUG[: ]|WARNING:|Oops|Kernel panic|Call Trace|"
                    r"general protection fault|kernel BUG")
INTEGRITY_LINE = re.compile(r"rejected with|tainting kernel")
# A boot parameter the kernel did not take would make a mode a no-op.
PARAM_TROUBLE = re.compile(r"invalid for parameter|Unknown kernel command line")
RESULT = re.compile(r"^ok (\d+) (\S+) # (.*)$")


def load_expected(path, kernel, mode):
    rows = []
    with open(path) as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            f = line.split("\t")
            if len(f) != 9:
                sys.exit("compare.py: %s: bad row: %s" % (path, line))
            if f[0] == kernel and f[1] == mode:
                rows.append(dict(zip(("kernel", "mode", "case", "verdict") + FACTS
                                     + ("log",), f)))
    return rows


def parse_log(path):
    """Cases seen: name -> {facts, kmsg lines}; plus the raw lines."""
    seen = {}
    current = None
    done = False
    with open(path, errors="replace") as fh:
        lines = [l.rstrip("\r\n").replace("\r", "") for l in fh]
    for line in lines:
        m = RESULT.match(line)
        if m:
            facts = dict(kv.split("=", 1) for kv in m.group(3).split() if "=" in kv)
            current = {"facts": facts, "kmsg": [], "notes": []}
            seen[m.group(2)] = current
            continue
        if line.startswith("# kmsg: ") and current is not None:
            current["kmsg"].append(line[len("# kmsg: "):])
        elif line.startswith("# ") and current is not None:
            current["notes"].append(line[2:])
        if line == "# done":
            done = True
    return seen, lines, done


def describe(facts):
    return "%s errno=%s taint=%s sysfs=%s" % tuple(facts.get(k, "?") for k in FACTS)


def check(row, got):
    """List of differences between an expected row and what a case saw."""
    diffs = []
    f = got["facts"]
    for k in FACTS:
        if f.get(k) != row[k]:
            diffs.append("%s %s, got %s" % (k, row[k], f.get(k, "(none)")))
    log = row["log"]
    if log == "-":
        bad = [l for l in got["kmsg"] if INTEGRITY_LINE.search(l)]
        if bad:
            diffs.append("no integrity log line, got '%s'" % bad[0])
    elif not any(log in l for l in got["kmsg"]):
        diffs.append("log line with '%s', got %s" %
                     (log, "; ".join("'%s'" % l for l in got["kmsg"]) or "nothing"))
    # The kernel's taint bit E follows the module's own flag.
    kt = f.get("ktaint", "??")
    if "1" in row["taint"].split(","):
        if kt[-1:] != "1":
            diffs.append("kernel taint bit 13 set after the load, got %s" % kt)
    elif len(kt) == 2 and kt[0] != kt[1]:
        diffs.append("kernel taint bit 13 unchanged, got %s" % kt)
    return diffs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--expected", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--mode", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--status", default="")
    args = ap.parse_args()

    rows = load_expected(args.expected, args.kernel, args.mode)
    if not rows:
        sys.exit("compare.py: no rows for %s/%s in %s" %
                 (args.kernel, args.mode, args.expected))
    try:
        seen, lines, done = parse_log(args.log)
    except OSError as e:
        seen, lines, done = {}, [], False
        print("# %s" % e)

    where = "qemu %s/%s" % (args.kernel, args.mode)
    if done:
        print("ok - %s: boot ran every case (%s)" % (where, args.status))
    else:
        print("not ok - %s: boot did not finish (%s); last lines:" %
              (where, args.status or "no status"))
        for l in lines[-15:]:
            print("#   " + l)

    alarms = [l for l in lines if ALARMS.search(l)]
    if alarms:
        print("not ok - %s: kernel reported trouble: %s" % (where, alarms[0]))
        for l in alarms[1:6]:
            print("#   " + l)
    elif lines:
        print("ok - %s: no BUG, WARNING, Oops or panic" % where)

    params = [l for l in lines if PARAM_TROUBLE.search(l)]
    if params:
        print("not ok - %s: kernel refused its command line: %s" % (where, params[0]))
    elif lines:
        print("ok - %s: kernel took every boot parameter" % where)

    for row in rows:
        name = row["case"]
        got = seen.get(name)
        if got is None:
            print("not ok - %s: %s: never ran" % (where, name))
            continue
        diffs = check(row, got)
        if diffs:
            print("not ok - %s: %s: expected %s" % (where, name, "; ".join(diffs)))
            for l in got["notes"] + ["kmsg: " + k for k in got["kmsg"]]:
                print("#   " + l)
        else:
            print("ok - %s: %s: %s" % (where, name, describe(got["facts"])))
    extra = set(seen) - {r["case"] for r in rows}
    for name in sorted(extra):
        print("not ok - %s: %s: ran but is not in expected.tsv" % (where, name))


if __name__ == "__main__":
    main()
