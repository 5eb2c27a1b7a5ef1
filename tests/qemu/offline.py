#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Ask sign-or-hash, offline, what the booted kernel says at run time.

    offline.py --expected TSV --cases TSV --kernel K --dir T --soh TOOL
               -- VERIFY-ARGS...

For each case that loads a file of T with finit_module or init_module
and no MODULE_INIT_IGNORE_* flag, runs `TOOL verify VERIFY-ARGS FILE`
(VERIFY-ARGS describe the kernel: --vmlinux, --cert) and compares the
verdict with the one expected.tsv gives for the permissive mode. Prints
one TAP line per case. Cases whose answer depends on the running kernel
and not on the file (a key added at run time, a runtime parameter, a
compression the kernel cannot read, which expected.tsv gives no verdict)
are left out.
"""

import argparse
import os
import subprocess
import sys

SKIP = {"ext-secondary-after"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--expected", required=True)
    ap.add_argument("--cases", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--soh", required=True)
    ap.add_argument("verify_args", nargs="*")
    args = ap.parse_args()

    verdicts = {}
    with open(args.expected) as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) == 9 and f[0] == args.kernel and f[1] == "permissive":
                verdicts[f[2]] = f[3]

    files = {}
    with open(args.cases) as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            name, how, arg, _ = line.rstrip("\n").split("\t")
            if how in ("finit", "finit-c", "init") and not name.startswith("runtime-") \
                    and name not in SKIP:
                files[name] = arg

    for name, arg in files.items():
        path = os.path.join(args.dir, arg)
        want = verdicts.get(name)
        if want is None:
            print("not ok - offline %s: %s: not in expected.tsv" % (args.kernel, name))
            continue
        if want == "-":
            # Refused before any integrity check (a compression this
            # kernel does not read): nothing to ask sign-or-hash.
            continue
        res = subprocess.run([args.soh, "verify"] + args.verify_args + [path],
                             capture_output=True, text=True)
        out = res.stdout.strip()
        # "FILE: MECHANISM: VERDICT [(reason)]"
        parts = out[len(path) + 2:].split(": ", 1) if out.startswith(path + ": ") else []
        got = parts[1].split(" (")[0] if len(parts) == 2 else None
        if got == want:
            print("ok - offline %s: %s: sign-or-hash verify says %s, as the kernel"
                  % (args.kernel, name, out[len(path) + 2:]))
        else:
            print("not ok - offline %s: %s: kernel verdict %s, sign-or-hash verify says %s"
                  % (args.kernel, name, want, out or res.stderr.strip()))


if __name__ == "__main__":
    sys.exit(main())
