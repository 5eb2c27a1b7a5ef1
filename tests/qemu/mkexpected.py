#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write tests/qemu/expected.tsv, the table `make qemu-test` checks.

    python3 tests/qemu/mkexpected.py > tests/qemu/expected.tsv

expected.tsv is the reference the test reads; this script is how it was
written, so that some 700 rows follow one rule instead of 700 hand edits. The
rule is DESIGN.md 4.2: what each case's trailer is on each kernel gives a
verdict, and the verdict plus the mode gives the outcome. Review the
table, not only this script: a bug here would be a bug in the oracle.
"""

import sys

KERNELS = ("hash-only", "sig-only", "both")
MODES = ("permissive", "enforcing", "lockdown", "narrow")
BUILT = {"hash-only": {"merkle"}, "sig-only": {"pkcs7"},
         "both": {"merkle", "pkcs7"}}
# CONFIG_MODULE_FORCE_LOAD of Kconfig.fragments/qemu-x86_64.config. Without
# it MODULE_INIT_IGNORE_VERMAGIC ends in -ENOEXEC once the integrity
# check has let the module through (try_to_force_load()), so the taint
# is never reached.
FORCE_LOAD = True
# What the narrow mode passes as module.integrity_mechanisms=.
NARROW = {"hash-only": "merkle", "sig-only": "pkcs7", "both": "merkle"}
# The one format each kernel decompresses (Kconfig.fragments/compress-*,
# chosen per kernel in mk/qemu-test.sh). hash-only also has
# CONFIG_MODULE_COMPRESS_ALL: modules_install gives .ko.zst, which
# modprobe loads and the cases decompress for the plain .ko ones.
COMPRESS = {"hash-only": "zstd", "sig-only": "xz", "both": "xz"}
# What kernel/module/decompress.c says of a file in another format, before
# any integrity check (and -EINVAL).
NOT_COMPRESSED = {"xz": "not an xz compressed module",
                  "zstd": "not a zstd compressed module"}
# The format of each MODULE_INIT_COMPRESSED_FILE case's file.
COMPRESSED = {"intree-xz": "xz", "intree-zst": "zstd",
              "ext-xz": "xz", "ext-zst": "zstd"}
# Kernels whose modules_install compresses (CONFIG_MODULE_COMPRESS_ALL).
INSTALLED_COMPRESSED = {"hash-only": True, "sig-only": False, "both": False}
# The cases that load through kmod's modprobe. kmod 30 (Debian 12)
# hands a plain .ko to finit_module, but decompresses a .ko.zst itself
# and calls init_module: the kernel has no file name to log then.
MODPROBE = {"intree-modprobe", "intree-deps", "ext-dep"}

# The reasons the kernel logs (kernel/module/integrity/status.c).
REASON = {
    "no-trailer": "no signature or Merkle proof (modules get theirs at "
                  "'make modules_install')",
    "flags": "loaded with MODULE_INIT_IGNORE_* flags, integrity data not checked",
    "unknown-type": "trailer of an unknown type",
    "not-built": "this kernel is built without that mechanism",
    "not-allowed": "mechanism not allowed by module.integrity_mechanisms",
    "truncated": "trailer truncated",
    "sig-len": "trailer length runs past the start of the module",
    "reserved": "reserved trailer fields are not zero",
    "version": "unknown Merkle proof version",
    "hash-algo": "unsupported Merkle proof hash algorithm",
    "path-len": "Merkle proof length does not match its path length",
    "index": "Merkle proof leaf index outside its tree",
    "pkcs7-parse": "PKCS#7 message cannot be parsed",
    "tree-size": "Merkle proof is for a tree of another size (from another build)",
    "root-mismatch": "Merkle proof does not match this kernel's module root "
                     "(modified, or from another build)",
    "no-key": "signing key is not in any trusted keyring",
    "bad-signature": "signature does not match the module (modified after signing)",
}
VERDICT = {
    "ok": "verified", "no-trailer": "unsigned", "flags": "unsigned",
    "unknown-type": "unsupported", "not-built": "unsupported",
    "not-allowed": "unsupported", "truncated": "malformed",
    "sig-len": "malformed", "reserved": "malformed", "version": "malformed",
    "hash-algo": "malformed", "path-len": "malformed", "index": "malformed",
    "pkcs7-parse": "malformed", "tree-size": "untrusted",
    "root-mismatch": "untrusted", "no-key": "untrusted",
    "bad-signature": "bad signature",
}


def installed(kernel):
    """The trailer modules_install gives an in-tree module."""
    return ("pkcs7", "ok") if kernel == "sig-only" else ("merkle", "ok")


def installed_tampered(kernel):
    return (("pkcs7", "bad-signature") if kernel == "sig-only"
            else ("merkle", "root-mismatch"))


def same(trailer):
    return lambda kernel: trailer


# Each module case: (name of the file in the log or None for
# init_module, module name, MODULE_INIT_IGNORE_* flags: "" or "M"
# (modversions) or "V" (vermagic), trailer per kernel).
# A trailer is ("none",), ("unknown",), ("framing", status) for a
# malformed trailer the parser stops at, or (mechanism, status).
LOAD = {
    "intree-modprobe": ("crc7.ko", "crc7", "", installed),
    "intree-deps": ("sm3_generic.ko", "sm3_generic", "", installed),
    "intree-finit": ("crc7.ko", "crc7", "", installed),
    "intree-init": (None, "crc7", "", installed),
    "intree-merkle": ("crc7-merkle.ko", "crc7", "", same(("merkle", "ok"))),
    "intree-pkcs7": ("crc7-pkcs7.ko", "crc7", "", same(("pkcs7", "ok"))),
    "intree-xz": ("crc7.ko.xz", "crc7", "", installed),
    "intree-zst": ("crc7.ko.zst", "crc7", "", installed),
    "intree-strip-after": ("crc7-strip-after.ko", "crc7", "", same(("none",))),
    "intree-build-tree": ("crc7-build-tree.ko", "crc7", "", same(("none",))),
    "intree-flip-code": ("crc7-flip-code.ko", "crc7", "", installed_tampered),
    "intree-flip-proof": ("crc7-flip-proof.ko", "crc7", "",
                          same(("merkle", "root-mismatch"))),
    "intree-flip-index": ("crc7-flip-index.ko", "crc7", "",
                          same(("merkle", "root-mismatch"))),
    "intree-flip-sig": ("crc7-flip-sig.ko", "crc7", "",
                        same(("pkcs7", "bad-signature"))),
    "intree-other-build": ("crc7-other-build.ko", "crc7", "",
                           same(("merkle", "root-mismatch"))),
    "intree-other-size": ("crc7-other-size.ko", "crc7", "",
                          same(("merkle", "tree-size"))),
    "intree-other-key": ("crc7-other-key.ko", "crc7", "",
                         same(("pkcs7", "no-key"))),
    "intree-ignore-modversions": ("crc7.ko", "crc7", "M", installed),
    "intree-ignore-vermagic": ("crc7.ko", "crc7", "V", installed),
    "malformed-sig-len": ("crc7-sig-len.ko", "crc7", "",
                          same(("framing", "sig-len"))),
    "malformed-sig-len-zero": ("crc7-sig-len-zero.ko", "crc7", "",
                               same(("framing", "sig-len"))),
    "malformed-sig-reserved": ("crc7-sig-reserved.ko", "crc7", "",
                               same(("framing", "reserved"))),
    "malformed-ignore-flags": ("crc7-sig-len.ko", "crc7", "V",
                               same(("framing", "sig-len"))),
    "malformed-unknown-type": ("crc7-unknown-type.ko", "crc7", "",
                               same(("unknown",))),
    "malformed-proof-version": ("crc7-proof-version.ko", "crc7", "",
                                same(("merkle", "version"))),
    "malformed-proof-algo": ("crc7-proof-algo.ko", "crc7", "",
                             same(("merkle", "hash-algo"))),
    "malformed-proof-reserved": ("crc7-proof-reserved.ko", "crc7", "",
                                 same(("merkle", "reserved"))),
    "malformed-proof-path-len": ("crc7-proof-path-len.ko", "crc7", "",
                                 same(("merkle", "path-len"))),
    "malformed-proof-truncated": ("crc7-proof-truncated.ko", "crc7", "",
                                  same(("merkle", "truncated"))),
    "malformed-proof-index": ("crc7-proof-index.ko", "crc7", "",
                              same(("merkle", "index"))),
    "malformed-pkcs7": ("crc7-pkcs7-junk.ko", "crc7", "",
                        same(("pkcs7", "pkcs7-parse"))),
    "ext-unsigned": ("mi_hello.ko", "mi_hello", "", same(("none",))),
    "ext-unsigned-init": (None, "mi_hello", "", same(("none",))),
    # make M=... modules_install signs with the build's key when there
    # is one (sig-only) and never gives a Merkle proof.
    "ext-modules-install": ("mi_hello-installed.ko", "mi_hello", "",
                            lambda k: ("pkcs7", "ok") if k == "sig-only" else ("none",)),
    "ext-builtin": ("mi_hello-ca.ko", "mi_hello", "", same(("pkcs7", "ok"))),
    "ext-builtin-init": (None, "mi_hello", "", same(("pkcs7", "ok"))),
    "ext-unknown-key": ("mi_hello-unknown.ko", "mi_hello", "",
                        same(("pkcs7", "no-key"))),
    "ext-modified": ("mi_hello-modified.ko", "mi_hello", "",
                     same(("pkcs7", "bad-signature"))),
    "ext-xz": ("mi_hello-ca.ko.xz", "mi_hello", "", same(("pkcs7", "ok"))),
    "ext-zst": ("mi_hello-ca.ko.zst", "mi_hello", "", same(("pkcs7", "ok"))),
    "ext-ignore-modversions": ("mi_hello-ca.ko", "mi_hello", "M",
                               same(("pkcs7", "ok"))),
    "ext-ignore-vermagic": ("mi_hello-ca.ko", "mi_hello", "V",
                            same(("pkcs7", "ok"))),
    "ext-secondary-before": ("mi_hello-secondary.ko", "mi_hello", "",
                             same(("pkcs7", "secondary"))),
    "ext-secondary-after": ("mi_hello-secondary.ko", "mi_hello", "",
                            same(("pkcs7", "secondary"))),
    "ext-dep": ("mi_dep.ko", "mi_dep", "", same(("pkcs7", "ok"))),
    "runtime-narrow-intree": ("crc7-merkle.ko", "crc7", "",
                              same(("merkle", "ok"))),
    "runtime-narrow-ext": ("mi_hello-ca.ko", "mi_hello", "",
                           same(("pkcs7", "ok"))),
    "runtime-enforce-ext": ("mi_hello.ko", "mi_hello", "", same(("none",))),
}

# The dependencies modprobe loads first, and their trailers.
DEPS = {"intree-deps": installed, "ext-dep": installed}


class State:
    def __init__(self, kernel, mode):
        self.kernel = kernel
        self.mode = mode
        self.enforcing = mode == "enforcing"
        self.lockdown = mode == "lockdown"
        self.allowed = set(BUILT[kernel])
        if mode == "narrow":
            self.allowed = {NARROW[kernel]}
        self.secondary = False

    def route(self, trailer, waived):
        """The dispatch (DESIGN 4.1): (mechanism, status)."""
        kind = trailer[0]
        if kind == "none":
            return "none", "flags" if waived else "no-trailer"
        if kind == "unknown":
            return "unknown", "flags" if waived else "unknown-type"
        if kind == "framing":
            # A waived check is waived whatever the trailer looks like.
            return "unknown", "flags" if waived else trailer[1]
        mech, status = trailer
        if waived:
            return mech, "flags"
        if mech not in BUILT[self.kernel]:
            return mech, "not-built"
        if mech not in self.allowed:
            return mech, "not-allowed"
        if status == "secondary":
            status = "ok" if self.secondary else "no-key"
        return mech, status

    def policy(self, verdict):
        """DESIGN 4.2: (errno or None, taint)."""
        if verdict == "verified":
            return None, False
        if verdict == "malformed":
            return "EBADMSG", False
        if verdict == "bad signature":
            return "EKEYREJECTED", False
        if self.enforcing:
            return "EKEYREJECTED", False
        if self.lockdown:
            return "EPERM", False
        return None, True

    def load(self, trailer, waived):
        """(verdict, errno, taint, sysfs, mechanism, reason) of one module."""
        mech, status = self.route(trailer, waived)
        verdict = VERDICT[status]
        errno, taint = self.policy(verdict)
        sysfs = mech if verdict == "verified" else "none"
        return verdict, errno, taint, sysfs, mech, status


def rows(kernel, mode, cases):
    st = State(kernel, mode)
    for name in cases:
        yield row(st, name)


def row(st, name):
    k = st.kernel
    dash = "-"
    if name == "state-sig-enforce":
        return dash, "ok", dash, dash, "Y" if st.enforcing else "N", dash
    if name in ("state-mechanisms", "runtime-narrow-state"):
        val = ",".join(m for m in ("merkle", "pkcs7") if m in st.allowed)
        return dash, "ok", dash, dash, val, dash
    if name == "state-lockdown":
        return dash, "ok", dash, dash, "integrity" if st.lockdown else "none", dash
    if name == "keyctl-add-secondary":
        if "pkcs7" in BUILT[k]:
            st.secondary = True
            return dash, "ok", dash, dash, dash, dash
        # No .secondary_trusted_keys keyring to add to.
        return dash, "failed", "ENOENT", dash, dash, dash
    if name == "runtime-narrow":
        if "merkle" not in BUILT[k]:
            return (dash, "failed", "EINVAL", dash, dash,
                    "this kernel is built without")
        st.allowed = {"merkle"}
        return dash, "ok", dash, dash, dash, dash
    if name == "runtime-widen":
        if BUILT[k] != {"merkle", "pkcs7"}:
            return (dash, "failed", "EINVAL", dash, dash,
                    "this kernel is built without")
        return dash, "failed", "EPERM", dash, dash, "can only be narrowed"
    if name == "runtime-enforce":
        st.enforcing = True
        return dash, "ok", dash, dash, dash, dash
    if name == "runtime-enforce-clear":
        return dash, "failed", "EROFS", dash, dash, dash
    if name == "parallel":
        mech = installed(k)[0]
        v, errno, taint, sysfs, _, _ = st.load(installed(k), False)
        if errno:
            return v, "refused", errno, dash, dash, "rejected with"
        return v, "loaded", dash, "1" if taint else "0", sysfs, dash
    if name in COMPRESSED and COMPRESSED[name] != COMPRESS[k]:
        # 6.12 decompresses one format: a file in another fails before
        # any integrity check.
        return dash, "refused", "EINVAL", dash, dash, NOT_COMPRESSED[COMPRESS[k]]

    fname, modname, flags, trailer = LOAD[name]
    if name in MODPROBE and INSTALLED_COMPRESSED[k]:
        fname = None
    verdict, errno, taint, sysfs, mech, status = st.load(trailer(k), bool(flags))
    if "V" in flags and not errno and not FORCE_LOAD:
        return verdict, "refused", "ENOEXEC", "-", "-", "-"
    sysfs_l, taint_l = [], []
    if not errno:
        sysfs_l.append(sysfs)
        taint_l.append("1" if taint else "0")
    else:
        sysfs_l.append(dash)
        taint_l.append(dash)
    if name in DEPS:
        # The dependency is in-tree and loads on its own merits.
        _, derr, dtaint, dsysfs, _, _ = st.load(DEPS[name](k), False)
        sysfs_l.append(dash if derr else dsysfs)
        taint_l.append(dash if derr else ("1" if dtaint else "0"))
    if verdict == "verified":
        log = dash
    elif errno:
        who = fname if fname else "(loaded from memory)"
        log = "module %s: %s: %s (%s), rejected with" % (who, mech, verdict,
                                                         REASON[status])
    else:
        log = "module %s: %s: %s (%s), tainting kernel" % (modname, mech, verdict,
                                                           REASON[status])
    outcome = "refused" if errno else "loaded"
    return (verdict, outcome, errno or dash, ",".join(taint_l),
            ",".join(sysfs_l), log)


def main():
    cases = []
    with open(sys.argv[1] if len(sys.argv) > 1 else "tests/qemu/cases.tsv") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                cases.append(line.split("\t")[0])
    print("# SPDX-License-Identifier: GPL-2.0-or-later")
    print("#")
    print("# What every QEMU case must give, per kernel and mode (DESIGN.md 4.2).")
    print("# Read by mk/qemu-test.sh; written by tests/qemu/mkexpected.py, then")
    print("# reviewed. Columns:")
    print("#   outcome  loaded | refused (module cases), ok | failed (others)")
    print("#   errno    what the syscall or write returned, - for success")
    print("#   taint    the module's taint flag E (/sys/module/<name>/taint), one per")
    print("#            module of the case, - when that module is not loaded")
    print("#   sysfs    /sys/module/<name>/integrity per module, or what a read case")
    print("#            reads; - when not loaded")
    print("#   log      a substring of the kernel log of the case; - means no")
    print("#            integrity refusal or taint line at all")
    print("# kernel\tmode\tcase\tverdict\toutcome\terrno\ttaint\tsysfs\tlog")
    for k in KERNELS:
        for m in MODES:
            for name, r in zip(cases, rows(k, m, cases)):
                print("\t".join((k, m, name) + tuple(r)))


if __name__ == "__main__":
    main()
