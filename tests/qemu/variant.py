#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Make damaged copies of a module for the QEMU tests.

    variant.py flip IN OUT (--text | --string S | --payload-end | --path)
    variant.py sig IN OUT [--sig-len N] [--algo N] [--id-type N]
    variant.py proof IN OUT [--version N] [--hash-algo N] [--path-len N]
                            [--reserved N] [--leaf-index N] [--tree-size N]
                            [--same-depth-index] [--truncate N]
    variant.py payload IN OUT --junk N [--id-type N]

IN is a module with a trailer (flip --text and --string also take a
bare module), plain or compressed (.ko.zst, .ko.xz, .ko.gz as
modules_install makes them): a compressed IN is decompressed first, its
trailer being inside, and OUT is always a plain module.
The trailer layout is DESIGN.md 3.1 and 3.3: payload, a 12-byte
struct module_signature, the 28-byte magic; integers are big-endian.
Numbers may be written +N or -N to move a field by N. Every variant is
deterministic, so two runs give the same bytes.
"""

import argparse
import gzip
import hashlib
import lzma
import struct
import subprocess
import sys

MAGIC = b"~Module signature appended~\n"
SIG_FMT = ">BBBBB3sI"          # algo hash id_type signer_len key_id_len pad sig_len
SIG_SIZE = struct.calcsize(SIG_FMT)
PROOF_FMT = ">BBBBII"          # version hash_algo path_len reserved leaf tree
PROOF_SIZE = struct.calcsize(PROOF_FMT)
DIGEST = 32


def die(msg):
    sys.exit("variant.py: " + msg)


def decompress(data, name):
    """The module inside a compressed file, or data itself."""
    if data[:4] == b"\x28\xb5\x2f\xfd":
        # No zstd in Python's standard library: the zstd program.
        res = subprocess.run(["zstd", "-q", "-d", "-c"], input=data,
                             capture_output=True, check=False)
        if res.returncode != 0:
            die("%s: zstd -d failed: %s" % (name, res.stderr.decode().strip()))
        return res.stdout
    try:
        if data[:6] == b"\xfd7zXZ\x00":
            return lzma.decompress(data)
        if data[:2] == b"\x1f\x8b":
            return gzip.decompress(data)
    except (lzma.LZMAError, OSError, EOFError) as e:
        die("%s: cannot decompress: %s" % (name, e))
    return data


def split(data):
    """Return (body, payload, sig fields as a list)."""
    if not data.endswith(MAGIC):
        die("module has no trailer")
    end = len(data) - len(MAGIC)
    fields = list(struct.unpack(SIG_FMT, data[end - SIG_SIZE:end]))
    sig_len = fields[6]
    start = end - SIG_SIZE - sig_len
    if sig_len == 0 or start < 0:
        die("module has a malformed trailer already")
    return data[:start], data[start:end - SIG_SIZE], fields


def join(body, payload, fields):
    return body + payload + struct.pack(SIG_FMT, *fields) + MAGIC


def number(spec, old):
    """'N' sets the value, '+N' / '-N' move it."""
    if spec[0] in "+-":
        return old + int(spec)
    return int(spec, 0)


def text_offset(elf):
    """Offset of a byte in the middle of the .text section of an ELF64 file."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        die("not a little-endian ELF64 module")
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3a)

    def section(i):
        base = shoff + i * shentsize
        name, _, _, _, offset, size = struct.unpack_from("<IIQQQQ", elf, base)
        return name, offset, size

    _, str_off, _ = section(shstrndx)
    for i in range(shnum):
        name, offset, size = section(i)
        end = elf.index(b"\0", str_off + name)
        if elf[str_off + name:end] == b".text" and size > 0:
            return offset + size // 2
    die("module has no .text section")


def path_len(leaf, size):
    """Length of the RFC 9162 audit path of a leaf (DESIGN.md 3.2)."""
    n = 0
    while size > 1:
        k = 1
        while k < size - k:
            k <<= 1
        if leaf < k:
            size = k
        else:
            leaf -= k
            size -= k
        n += 1
    return n


def other_leaf(leaf, size):
    """Another leaf of the tree whose audit path is as long as this one's."""
    want = path_len(leaf, size)
    for cand in list(range(leaf + 1, size)) + list(range(0, leaf)):
        if path_len(cand, size) == want:
            return cand
    die("no other leaf with a path of the same length")


def cmd_flip(args, data):
    if args.text or args.string:
        body = split(data)[0] if data.endswith(MAGIC) else data
        if args.text:
            at = text_offset(body)
        else:
            at = body.find(args.string.encode())
            if at < 0 or body.find(args.string.encode(), at + 1) >= 0:
                die("'%s' is not in the module exactly once" % args.string)
            at += len(args.string) - 1
    else:
        body, payload, _ = split(data)
        if args.payload_end:
            # The last byte of a PKCS#7 SignedData is the last byte of the
            # signature value: flipping it keeps the message parsable.
            at = len(body) + len(payload) - 1
        else:
            if len(payload) < PROOF_SIZE + DIGEST:
                die("no Merkle path to flip a byte in")
            at = len(body) + PROOF_SIZE
    out = bytearray(data)
    out[at] ^= 0x01
    return bytes(out)


def cmd_sig(args, data):
    body, payload, f = split(data)
    if args.sig_len is not None:
        f[6] = number(args.sig_len, f[6]) & 0xffffffff
    if args.algo is not None:
        f[0] = number(args.algo, f[0])
    if args.id_type is not None:
        f[2] = number(args.id_type, f[2])
    return join(body, payload, f)


def cmd_proof(args, data):
    body, payload, f = split(data)
    if f[2] != 3 or len(payload) < PROOF_SIZE:
        die("trailer is not a Merkle proof")
    p = list(struct.unpack(PROOF_FMT, payload[:PROOF_SIZE]))
    path = payload[PROOF_SIZE:]
    for i, val in enumerate((args.version, args.hash_algo, args.path_len,
                             args.reserved, args.leaf_index, args.tree_size)):
        if val is not None:
            p[i] = number(val, p[i])
    if args.same_depth_index:
        p[4] = other_leaf(p[4], p[5])
    payload = struct.pack(PROOF_FMT, *p) + path
    if args.truncate is not None:
        payload = payload[:args.truncate]
    f[6] = len(payload)
    return join(body, payload, f)


def cmd_payload(args, data):
    body, _, f = split(data)
    # Deterministic junk: a SHA-256 chain seeded by the module body.
    junk = b""
    seed = hashlib.sha256(body).digest()
    while len(junk) < args.junk:
        seed = hashlib.sha256(seed).digest()
        junk += seed
    payload = junk[:args.junk]
    if args.id_type is not None:
        f[2] = args.id_type
    f[6] = len(payload)
    return join(body, payload, f)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)

    p = sub.add_parser("flip")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--text", action="store_true", help="a byte of .text")
    g.add_argument("--string", help="the last byte of this string (data, not code)")
    g.add_argument("--payload-end", action="store_true",
                   help="the last byte of the payload (a signature's value)")
    g.add_argument("--path", action="store_true",
                   help="the first byte of the first sibling digest")

    p = sub.add_parser("sig")
    p.add_argument("--sig-len")
    p.add_argument("--algo")
    p.add_argument("--id-type")

    p = sub.add_parser("proof")
    for opt in ("--version", "--hash-algo", "--path-len", "--reserved",
                "--leaf-index", "--tree-size"):
        p.add_argument(opt)
    p.add_argument("--same-depth-index", action="store_true",
                   help="another leaf index with an audit path as long")
    p.add_argument("--truncate", type=int, help="keep this many payload bytes")

    p = sub.add_parser("payload")
    p.add_argument("--junk", type=int, required=True)
    p.add_argument("--id-type", type=int)

    for s in sub.choices.values():
        s.add_argument("input")
        s.add_argument("output")

    args = ap.parse_args()
    with open(args.input, "rb") as fh:
        data = decompress(fh.read(), args.input)
    out = globals()["cmd_" + args.cmd](args, data)
    if out == data:
        die("the variant is identical to its input")
    with open(args.output, "wb") as fh:
        fh.write(out)


if __name__ == "__main__":
    main()
