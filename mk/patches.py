#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""make patches: the change as a git format-patch series against Linux 6.12.

    mk/patches.py [--out DIR] [--bisect] [--check] [--work DIR]

Export (always):
  1. mk/kernel-tree.sh fills a staging folder with exactly the files the
     project adds or changes, as they end up in the kernel tree, and
     lists the files the patches delete;
  2. a throwaway git repository is seeded with the pristine version of
     those files, and patches/6.12/export/plan is replayed on it, one
     commit per step, with the step's kernel-style message;
  3. the last commit must equal the staging folder, file for file, and
     have none of the deleted files;
  4. git format-patch writes the series and a cover letter (from
     patches/6.12/export/cover-letter.txt and BENCHMARKS.md) to DIR
     (default build/patches);
  5. scripts/checkpatch.pl --strict of the pristine tree runs on every
     patch; the only findings let through are CAMELCASE reports of names
     that the OpenSSL, zstd, zlib or liblzma headers in /usr/include
     declare. The report is DIR/checkpatch.txt.

--bisect applies the series one patch at a time to a hard-linked copy of
the pristine tree (build/bisect/linux) and builds the qemu-x86_64 + both
configuration (vmlinux, bzImage, modules) after each, incrementally, in
build/bisect/obj with ccache; it says which step failed. The log of each
step is build/bisect/step-NN.log.

--check prints TAP lines for mk/check.sh: the export works, the series
applies with patch -p1 to a pristine copy, the result differs from
pristine in exactly the files of the staging folder and equals them,
lacks exactly the files the patches delete, and checkpatch is clean.
Nothing is written outside --work.

The exit status is 0 on success, 1 when a check or a build fails.
"""

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PATCHES = os.path.join(TOP, "patches", "6.12")
EXPORT = os.path.join(PATCHES, "export")
AUTHOR = ("Module Integrity Team", "dev@module-integrity.invalid")
# Fixed dates keep the exported series byte for byte the same.
DATE = 1796126400  # 2026-12-01 12:00:00 UTC
MAINT_ENTRY = "MODULE INTEGRITY (HASHES AND SIGNATURES)"
# Headers of the libraries sign-or-hash is built on, and the system's ELF
# definitions: CamelCase names that they declare are theirs, not ours.
EXTERNAL_HEADERS = ["/usr/include/openssl/*.h", "/usr/include/zstd*.h",
                    "/usr/include/zlib.h", "/usr/include/zconf.h",
                    "/usr/include/lzma.h", "/usr/include/lzma/*.h",
                    "/usr/include/elf.h"]


class Fail(Exception):
    pass


def sh(cmd, cwd=None, env=None, quiet=False, check=True):
    res = subprocess.run(cmd, cwd=cwd, env=env, text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if check and res.returncode != 0:
        raise Fail("%s failed (exit %d):\n%s" %
                   (" ".join(cmd), res.returncode, res.stdout[-3000:]))
    return res.stdout


def pristine_tree():
    return sh([os.path.join(TOP, "mk", "kernel-src.sh")]).strip().splitlines()[-1]


def files_under(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if x != ".git"]
        for f in files:
            out.append(os.path.relpath(os.path.join(d, f), root))
    return sorted(out)


def same(a, b):
    if not os.path.isfile(a) or not os.path.isfile(b):
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def copy(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    shutil.copyfile(src, dst + ".tmp")
    os.replace(dst + ".tmp", dst)


# ---------------------------------------------------------------------
# The plan

def parse_plan(path):
    steps = []
    with open(path) as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            word, _, rest = line.partition(" ")
            if word == "step":
                steps.append({"subject": rest.strip(), "patch": [], "add": [],
                              "hold": [], "release": [], "message": None,
                              "body": [], "line": n})
                continue
            if not steps:
                raise Fail("%s:%d: %r before the first step" % (path, n, line))
            st = steps[-1]
            if word == "|" or line == "|":
                st["body"].append(line[2:] if line.startswith("| ") else "")
            elif word in ("patch", "add", "hold", "release"):
                st[word] += rest.split()
            elif word == "message":
                st["message"] = rest.strip()
            else:
                raise Fail("%s:%d: unknown keyword %r" % (path, n, word))
    for st in steps:
        if not re.match(r"^[\w./-]+(: [\w./-]+)*: \S", st["subject"]):
            raise Fail("plan line %d: subject %r is not 'area: what'" %
                       (st["line"], st["subject"]))
        if st["message"] and st["body"]:
            raise Fail("plan line %d: both a message and a body" % st["line"])
        if not st["message"] and not st["body"]:
            raise Fail("plan line %d: no message" % st["line"])
    return steps


def message_of(patch):
    """Body of the commit message in a patches/6.12 patch."""
    body = []
    with open(os.path.join(PATCHES, patch)) as f:
        lines = f.read().split("\n")
    i = next(k for k, l in enumerate(lines) if l.startswith("Subject:")) + 1
    while i < len(lines) and lines[i].strip():
        i += 1
    for l in lines[i + 1:]:
        if l.startswith("Signed-off-by:") or l == "---":
            break
        body.append(l)
    while body and not body[-1].strip():
        body.pop()
    return body


def commit_message(st):
    body = message_of(st["message"]) if st["message"] else st["body"]
    for l in body:
        if len(l) > 72:
            raise Fail("step %r: body line longer than 72 columns: %r" %
                       (st["subject"], l))
    return "%s\n\n%s\n\nSigned-off-by: %s <%s>\n" % (
        st["subject"], "\n".join(body), AUTHOR[0], AUTHOR[1])


# ---------------------------------------------------------------------
# MAINTAINERS: the entry grows with the files it names.

def maintainers_for(final_text, repo):
    lines = final_text.split("\n")
    try:
        start = lines.index(MAINT_ENTRY)
    except ValueError:
        return final_text
    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    entry = []
    has_files = False
    for l in lines[start:end]:
        if l.startswith("F:\t"):
            pat = l[3:].strip()
            if pat.endswith("/"):
                hit = os.path.isdir(os.path.join(repo, pat))
            else:
                hit = bool(glob.glob(os.path.join(repo, pat)))
            if not hit:
                continue
            has_files = True
        entry.append(l)
    if not has_files:
        return "\n".join(lines[:start] + lines[end + 1:])
    return "\n".join(lines[:start] + entry + lines[end:])


# ---------------------------------------------------------------------
# Export

def git_env():
    env = dict(os.environ)
    for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(k, None)
    env.update(GIT_AUTHOR_NAME=AUTHOR[0], GIT_AUTHOR_EMAIL=AUTHOR[1],
               GIT_COMMITTER_NAME=AUTHOR[0], GIT_COMMITTER_EMAIL=AUTHOR[1],
               GIT_CONFIG_NOSYSTEM="1", HOME=os.environ.get("HOME", "/tmp"),
               GIT_CONFIG_GLOBAL="/dev/null")
    return env


def make_stage(work):
    stage = os.path.join(work, "stage")
    shutil.rmtree(stage, ignore_errors=True)
    env = dict(os.environ, KERNEL_STAGE=stage, KERNEL_TREE_STAGE_ONLY="1")
    env.pop("KERNEL_TREE", None)
    sh([os.path.join(TOP, "mk", "kernel-tree.sh")], env=env)
    return stage


def stage_deleted(stage):
    """The files the patches delete, as mk/kernel-tree.sh listed them."""
    with open(stage + ".deleted") as f:
        return sorted(l.strip() for l in f if l.strip())


def patch_files(path):
    """Files a patch creates or changes (its +++ lines)."""
    out = []
    with open(path, errors="replace") as f:
        for l in f:
            if l.startswith("+++ "):
                p = l.split()[1]
                if p != "/dev/null":
                    out.append(p[2:] if p.startswith("b/") else p)
    return out


def deleted_files(path):
    """Files a git-style patch deletes (a --- line, then +++ /dev/null)."""
    out = []
    prev = None
    with open(path, errors="replace") as f:
        for l in f:
            if l.startswith("+++ /dev/null") and prev and \
                    prev.startswith("--- "):
                p = prev.split()[1]
                out.append(p[2:] if p.startswith("a/") else p)
            prev = l
    return out


def unshare(tree, patch):
    """New inodes for what the patch changes or deletes: the pristine
    tree behind the hard links stays as it is."""
    for f in patch_files(patch) + deleted_files(patch):
        fp = os.path.join(tree, f)
        if os.path.isfile(fp):
            shutil.copyfile(fp, fp + ".unlink")
            os.replace(fp + ".unlink", fp)


def apply(diff, cwd, reverse=False):
    cmd = ["patch", "-p1", "--batch",
           "--reverse" if reverse else "--forward",
           "--no-backup-if-mismatch", "-s", "-i", diff]
    sh(cmd, cwd=cwd)
    if any(f.endswith((".rej", ".orig")) for f in files_under(cwd)):
        raise Fail("%s left .rej/.orig files in %s" % (diff, cwd))


def export(out, work, pristine, log):
    steps = parse_plan(os.path.join(EXPORT, "plan"))
    stage = make_stage(work)
    staged = files_under(stage)
    deleted = stage_deleted(stage)
    repo = os.path.join(work, "repo")
    shutil.rmtree(repo, ignore_errors=True)
    os.makedirs(repo)
    env = git_env()

    def git(*args, date=DATE):
        e = dict(env, GIT_AUTHOR_DATE="@%d +0000" % date,
                 GIT_COMMITTER_DATE="@%d +0000" % date)
        return sh(["git"] + list(args), cwd=repo, env=e)

    git("init", "-q", "-b", "pristine")
    git("config", "core.autocrlf", "false")
    # The pristine version of every file the series changes is enough
    # for git: the blob ids of the patches are those of the full tree.
    for f in staged + deleted:
        if os.path.isfile(os.path.join(pristine, f)):
            copy(os.path.join(pristine, f), os.path.join(repo, f))
    git("add", "-A")
    git("commit", "-q", "-m", "Linux 6.12 (the files this series changes)")
    base = git("rev-parse", "HEAD").strip()

    with open(os.path.join(stage, "MAINTAINERS")) as f:
        final_maint = f.read()
    added = set()
    named = [a.rstrip("/") for st in steps for a in st["add"]]

    def claimed_elsewhere(f, a):
        # A folder leaves out what another step names itself.
        return any(b != a and b.startswith(a + "/") and
                   (f == b or f.startswith(b + "/")) for b in named)

    for n, st in enumerate(steps, 1):
        for p in st["patch"]:
            apply(os.path.join(PATCHES, p), repo)
        for a in st["add"]:
            src = os.path.join(stage, a)
            a = a.rstrip("/")
            if os.path.isdir(src):
                fs = [os.path.join(a, f) for f in files_under(src)]
                fs = [f for f in fs if not claimed_elsewhere(f, a)]
            elif os.path.isfile(src):
                fs = [a]
            else:
                raise Fail("step %d: %s is not in the staging folder" % (n, a))
            for f in fs:
                if f in added:
                    raise Fail("step %d: %s was added before" % (n, f))
                added.add(f)
                copy(os.path.join(stage, f), os.path.join(repo, f))
        for d in st["hold"]:
            apply(os.path.join(EXPORT, d), repo, reverse=True)
        for d in st["release"]:
            apply(os.path.join(EXPORT, d), repo)
        text = maintainers_for(final_maint, repo)
        with open(os.path.join(repo, "MAINTAINERS"), "w") as f:
            f.write(text)
        git("add", "-A")
        if not git("status", "--porcelain").strip():
            raise Fail("step %d (%s) changes nothing" % (n, st["subject"]))
        msg = os.path.join(work, "msg")
        with open(msg, "w") as f:
            f.write(commit_message(st))
        git("commit", "-q", "-F", msg, date=DATE + 60 * n)

    # The last commit must be the staging folder, no more, no less.
    have = [f for f in files_under(repo)]
    extra = sorted(set(have) - set(staged))
    if extra:
        raise Fail("the series adds files the project does not have: %s" %
                   " ".join(extra))
    differ = [f for f in staged if not same(os.path.join(stage, f),
                                            os.path.join(repo, f))]
    if differ:
        raise Fail("after the last step these files differ from the "
                   "project's: %s" % " ".join(differ))
    kept = [f for f in deleted if os.path.lexists(os.path.join(repo, f))]
    if kept:
        raise Fail("after the last step these files are still there, but "
                   "the project deletes them: %s" % " ".join(kept))

    os.makedirs(out, exist_ok=True)
    for f in glob.glob(os.path.join(out, "*.patch")):
        os.remove(f)
    git("format-patch", "-q", "--cover-letter", "--no-signature",
        "--subject-prefix=PATCH", "-o", out, base + "..HEAD",
        date=DATE + 60 * (len(steps) + 1))
    cover_letter(out)
    series = sorted(os.path.basename(p)
                    for p in glob.glob(os.path.join(out, "*.patch")))
    log("export: %d patches and a cover letter in %s" %
        (len(series) - 1, os.path.relpath(out, TOP)
         if out.startswith(TOP) else out))
    return [os.path.join(out, p) for p in series], steps


# ---------------------------------------------------------------------
# Cover letter

def bench_blocks():
    """BENCHMARKS.md as {block: [(title, lines)]}: the sections between
    <!-- bench:NAME:begin --> and <!-- bench:NAME:end -->, each cut at
    its ## and ### titles."""
    path = os.path.join(TOP, "BENCHMARKS.md")
    if not os.path.isfile(path):
        return {}
    with open(path) as f:
        text = f.read()
    blocks = {}
    for m in re.finditer(r"<!-- bench:([\w-]+):begin -->(.*?)"
                         r"<!-- bench:\1:end -->", text, re.S):
        secs = []
        for l in m.group(2).split("\n"):
            t = re.match(r"^#{2,4} (.*)", l)
            if t:
                secs.append((t.group(1).strip(), []))
            elif secs and not l.startswith("<!--"):
                secs[-1][1].append(l)
        blocks[m.group(1)] = secs
    return blocks


def figures(which, pick):
    """The sections of BENCHMARKS.md blocks named which (or, with a
    leading !, all other blocks) whose title matches pick, as text."""
    out = []
    for name, secs in bench_blocks().items():
        if (name == which.lstrip("!")) == which.startswith("!"):
            continue
        for title, lines in secs:
            if not re.search(pick, title, re.I):
                continue
            while lines and not lines[-1].strip():
                lines = lines[:-1]
            while lines and not lines[0].strip():
                lines = lines[1:]
            if not lines:
                continue
            out.append(title)
            out.append("-" * len(title))
            for l in lines:
                l = l.rstrip()
                # Prose goes out at mail width; tables stay as they are.
                if l.startswith("|") or len(l) <= 72:
                    out.append(l)
                else:
                    out += textwrap.wrap(l, 72, break_on_hyphens=False)
            out.append("")
    return out


def cover_letter(out):
    with open(os.path.join(EXPORT, "cover-letter.txt")) as f:
        text = f.read()
    subject, _, body = text.partition("\n\n")
    lines = []
    for l in body.rstrip("\n").split("\n"):
        m = re.match(r"^@FIGURES (\S+) (.*)@$", l)
        if m:
            got = figures(m.group(1), m.group(2))
            lines += got if got else [
                "(None in BENCHMARKS.md when this series was made: "
                "make bench adds them.)"]
        else:
            lines.append(l)
    cover = glob.glob(os.path.join(out, "0000-cover-letter.patch"))[0]
    with open(cover) as f:
        c = f.read()
    c = c.replace("*** SUBJECT HERE ***", subject.strip())
    c = c.replace("*** BLURB HERE ***", "\n".join(lines).rstrip("\n"))
    with open(cover, "w") as f:
        f.write(c)


# ---------------------------------------------------------------------
# checkpatch

def external_names():
    """Names the external headers declare: literally, or as the d2i_/i2d_
    functions of an OpenSSL DECLARE_ASN1_*FUNCTIONS*(TYPE) line."""
    names, asn1 = set(), set()
    for pat in EXTERNAL_HEADERS:
        for h in glob.glob(pat):
            with open(h, errors="replace") as f:
                text = f.read()
            names.update(re.findall(r"[A-Za-z_]\w*", text))
            asn1.update(re.findall(
                r"DECLARE_ASN1_\w*FUNCTIONS\w*\(\s*(\w+)", text))
    for t in asn1:
        names.update(("d2i_" + t, "i2d_" + t))
    return names


def own_name_only(patch, lineno):
    """checkpatch's EMBEDDED_FILENAME on the top-level Makefile fires on
    every path like scripts/Makefile.vmlinux: true when that is all the
    added line has, not the file naming itself."""
    with open(patch, errors="replace") as f:
        lines = f.read().split("\n")
    if not 0 < lineno <= len(lines) or not lines[lineno - 1].startswith("+"):
        return False
    rest = re.sub(r"[\w$()/.-]*/Makefile\.[\w.-]+", "", lines[lineno - 1])
    if re.search(r"\bMakefile\b", rest):
        return False
    # The file must be the top-level Makefile.
    for l in reversed(lines[:lineno - 1]):
        if l.startswith("+++ "):
            return l.strip() == "+++ b/Makefile"
    return False


def checkpatch(patches, pristine, work):
    """Findings per patch, and the CamelCase names let through."""
    ext = external_names()
    copies = os.path.join(work, "checkpatch")
    shutil.rmtree(copies, ignore_errors=True)
    os.makedirs(copies)
    report, allowed, paths = {}, {}, []
    for p in patches:
        if p.endswith("0000-cover-letter.patch"):
            continue
        # A copy outside this repository: checkpatch looks at .git.
        cp = os.path.join(copies, os.path.basename(p))
        shutil.copyfile(p, cp)
        res = subprocess.run(["perl", "scripts/checkpatch.pl", "--strict",
                              "--show-types", "--terse", "--no-summary", cp],
                             cwd=pristine, text=True, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
        bad = []
        for l in res.stdout.splitlines():
            m = re.search(r"(ERROR|WARNING|CHECK):([A-Z_]+): (.*)", l)
            if not m:
                if l.strip():
                    bad.append(l)
                continue
            if m.group(2) == "CAMELCASE":
                w = re.search(r"<([^>]+)>", m.group(3))
                if w and w.group(1) in ext:
                    allowed.setdefault(w.group(1), os.path.basename(p))
                    continue
            n = re.search(r":(\d+): ", l)
            if m.group(2) == "EMBEDDED_FILENAME" and n and \
                    own_name_only(cp, int(n.group(1))):
                paths.append("%s:%s" % (os.path.basename(p), n.group(1)))
                continue
            bad.append(l.replace(cp, os.path.basename(p)))
        report[os.path.basename(p)] = bad
    return report, allowed, paths


def write_checkpatch_report(out, report, allowed, paths, log):
    lines = []
    for p, bad in report.items():
        lines.append("%s: %s" % (p, "clean" if not bad else
                                 "%d finding(s)" % len(bad)))
        lines += ["  " + b for b in bad]
    lines.append("CamelCase names let through, each declared in the "
                 "OpenSSL, zstd, zlib, liblzma or ELF headers: %s" %
                 (" ".join(sorted(allowed)) or "none"))
    lines.append("EMBEDDED_FILENAME let through, a scripts/Makefile.* path "
                 "in the top-level Makefile: %s" % (" ".join(paths) or "none"))
    with open(os.path.join(out, "checkpatch.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    n = sum(len(b) for b in report.values())
    log("checkpatch --strict: %d finding(s) over %d patches; let through: "
        "%d external CamelCase names, %d scripts/Makefile.* paths in the "
        "top-level Makefile (%s)" %
        (n, len(report), len(allowed), len(paths),
         os.path.join(out, "checkpatch.txt")))
    return n == 0


# ---------------------------------------------------------------------
# Bisect build

def configure(tree, obj, env, logf):
    frags = []
    fdir = os.path.join(obj, ".fragments")
    os.makedirs(fdir, exist_ok=True)
    for name in ("qemu-x86_64", "both"):
        with open(os.path.join(TOP, "Kconfig.fragments", name + ".config")) as f:
            text = f.read().replace("@TOP@", TOP)
        path = os.path.join(fdir, name + ".config")
        with open(path, "w") as f:
            f.write(text)
        frags.append(path)
    mk = ["make", "-s", "-C", tree, "O=" + obj, "ARCH=x86_64"]
    logf.write(sh(mk + ["tinyconfig"], env=env))
    logf.write(sh([os.path.join(tree, "scripts/kconfig/merge_config.sh"), "-m",
                   "-O", obj, os.path.join(obj, ".config")] + frags, env=env))
    logf.write(sh(mk + ["olddefconfig"], env=env))
    # Options a step does not have yet (MODULE_HASHES before the dispatch)
    # are expected to be missing: say which.
    with open(os.path.join(obj, ".config")) as f:
        have = set(f.read().splitlines())
    missing = []
    for path in frags:
        with open(path) as f:
            for l in f:
                l = l.strip()
                if l.startswith("CONFIG_") and l not in have:
                    missing.append(l.split("=")[0])
    return missing


def bisect(patches, steps, pristine, log):
    bdir = os.path.join(TOP, "build", "bisect")
    tree = os.path.join(bdir, "linux")
    obj = os.path.join(bdir, "obj")
    os.makedirs(bdir, exist_ok=True)
    shutil.rmtree(tree, ignore_errors=True)
    sh(["cp", "-al", pristine, tree])
    env = dict(os.environ, CCACHE_DIR=os.environ.get(
        "CCACHE_DIR", os.path.join(TOP, "build", "ccache")))
    env.pop("KERNEL_TREE", None)
    jobs = os.environ.get("JOBS", "2")
    t_all = time.time()
    ok = True
    for n, p in enumerate([p for p in patches
                           if not p.endswith("0000-cover-letter.patch")], 1):
        t0 = time.time()
        logp = os.path.join(bdir, "step-%02d.log" % n)
        with open(logp, "w") as logf:
            unshare(tree, p)
            try:
                apply(p, tree)
                missing = configure(tree, obj, env, logf)
                res = subprocess.run(
                    ["nice", "-n", "5", "make", "-C", tree, "O=" + obj,
                     "ARCH=x86_64", "CC=ccache gcc", "-j" + jobs],
                    env=env, stdout=logf, stderr=subprocess.STDOUT)
                if res.returncode != 0:
                    raise Fail("make exited %d" % res.returncode)
                for img in ("vmlinux", "arch/x86/boot/bzImage",
                            "modules.order"):
                    if not os.path.isfile(os.path.join(obj, img)):
                        raise Fail("no %s after the build" % img)
            except Fail as e:
                logf.write("\n%s\n" % e)
                log("not ok - bisect step %d/%d (%s): build failed after "
                    "%ds, see %s" % (n, len(steps), os.path.basename(p),
                                     time.time() - t0, logp))
                ok = False
                break
        note = (" (not yet in the tree: %s)" % " ".join(missing)
                if missing else "")
        log("ok - bisect step %d/%d builds: %s, %ds%s" %
            (n, len(steps), os.path.basename(p), time.time() - t0, note))
    log("bisect: %s in %ds" % ("every step builds" if ok else "FAILED",
                               time.time() - t_all))
    return ok


# ---------------------------------------------------------------------
# make check

def check(work, pristine):
    out = os.path.join(work, "out")
    results = []

    def tap(good, what, detail=()):
        results.append(good)
        print("%s - patches: %s" % ("ok" if good else "not ok", what))
        for d in detail:
            print("#   %s" % d)
        sys.stdout.flush()

    try:
        patches, steps = export(out, work, pristine, lambda m: print("# " + m))
        tap(True, "the plan exports %d patches that end at the project's "
            "tree" % (len(patches) - 1))
    except Fail as e:
        tap(False, "export", str(e).splitlines()[:10])
        return False

    # git am onto the pristine files gives the same tree as the export.
    repo = os.path.join(work, "repo")
    env = git_env()
    try:
        base = sh(["git", "rev-list", "--max-parents=0", "HEAD"], cwd=repo,
                  env=env).split()[0]
        sh(["git", "checkout", "-q", "-B", "am-check", base], cwd=repo,
           env=env)
        sh(["git", "am", "-q"] + [p for p in patches
                                  if not p.endswith("0000-cover-letter.patch")],
           cwd=repo, env=env)
        same_tree = sh(["git", "rev-parse", "am-check^{tree}",
                        "pristine^{tree}"], cwd=repo, env=env).split()
        tap(same_tree[0] == same_tree[1],
            "git am of the series gives the exported tree")
    except Fail as e:
        tap(False, "git am of the series", str(e).splitlines()[:5])

    # Apply to a hard-linked pristine copy, as a distribution would.
    tree = os.path.join(work, "linux")
    shutil.rmtree(tree, ignore_errors=True)
    sh(["cp", "-al", pristine, tree])
    applied = True
    for p in patches:
        if p.endswith("0000-cover-letter.patch"):
            continue
        unshare(tree, p)
        try:
            apply(p, tree)
        except Fail as e:
            tap(False, "%s applies to pristine 6.12" % os.path.basename(p),
                str(e).splitlines()[:5])
            applied = False
            break
    if applied:
        tap(True, "all %d patches apply with patch -p1 to pristine 6.12" %
            (len(patches) - 1))
        stage = os.path.join(work, "stage")
        staged = set(files_under(stage))
        deleted = set(stage_deleted(stage))
        res = subprocess.run(["diff", "-rq", pristine, tree], text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        changed, removed = set(), set()
        for l in res.stdout.splitlines():
            m = re.match(r"^Files (\S+) and (\S+) differ$", l)
            if m:
                changed.add(os.path.relpath(m.group(2), tree))
                continue
            m = re.match(r"^Only in (.*): (.*)$", l)
            if m:
                where = os.path.join(m.group(1), m.group(2))
                root = tree if where.startswith(tree + "/") else pristine
                rel = os.path.relpath(where, root)
                # Only in pristine: the series deleted it.
                into = changed if root == tree else removed
                if os.path.isdir(where):
                    into.update(os.path.join(rel, f)
                                for f in files_under(where))
                else:
                    into.add(rel)
                continue
            changed.add("? " + l)
        tap(changed == staged,
            "the patched tree differs from pristine in exactly the %d files "
            "of the overlay" % len(staged),
            ["only patched: " + f for f in sorted(changed - staged)] +
            ["only in the overlay: " + f for f in sorted(staged - changed)])
        differ = [f for f in sorted(staged)
                  if not same(os.path.join(stage, f), os.path.join(tree, f))]
        tap(not differ, "every overlay file equals its patched version",
            differ[:20])
        # "Only in" pristine: removed holds nothing the tree still has.
        tap(removed == deleted,
            "the patched tree lacks exactly the %d file(s) the project "
            "deletes (%s)" % (len(deleted), " ".join(sorted(deleted))),
            ["only deleted by the series: " + f
             for f in sorted(removed - deleted)] +
            ["only deleted by the project: " + f
             for f in sorted(deleted - removed)])

    report, allowed, paths = checkpatch(patches, pristine, work)
    for p, bad in report.items():
        tap(not bad, "checkpatch --strict: %s" % p, bad[:20])
    print("# checkpatch CAMELCASE let through, declared in the OpenSSL, "
          "zstd, zlib, liblzma or ELF headers: %s" % " ".join(sorted(allowed)))
    print("# checkpatch EMBEDDED_FILENAME let through, scripts/Makefile.* "
          "paths in the top-level Makefile: %s" % " ".join(paths))
    return all(results)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(TOP, "build", "patches"))
    ap.add_argument("--work", default=os.path.join(TOP, "build",
                                                   "patches-work"))
    ap.add_argument("--bisect", action="store_true")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    try:
        pristine = pristine_tree()
        if args.check:
            return 0 if check(work, pristine) else 1
        def log(m):
            print(m, flush=True)

        patches, steps = export(os.path.abspath(args.out), work, pristine, log)
        for p in patches:
            print("  " + os.path.basename(p))
        report, allowed, paths = checkpatch(patches, pristine, work)
        ok = write_checkpatch_report(os.path.abspath(args.out), report,
                                     allowed, paths, log)
        if args.bisect:
            ok = bisect(patches, steps, pristine, log) and ok
        return 0 if ok else 1
    except Fail as e:
        print("patches: %s" % e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
