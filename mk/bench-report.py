#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write the kernel-side section of BENCHMARKS.md.

    bench-report.py [BENCHMARKS.md]

Reads what mk/bench-kernel.sh, mk/bench-build.sh and mk/bench-scale.sh
left under build/bench/ and replaces the text between
<!-- bench:kernel:begin --> and <!-- bench:kernel:end --> (appending the
section when it is not there yet). Every figure comes from those files;
a missing file is an error, never a blank.
"""

import csv
import os
import statistics
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(TOP, 'build', 'bench')
BEGIN = '<!-- bench:kernel:begin -->'
END = '<!-- bench:kernel:end -->'
# What the kernel answers when it refused a module on integrity grounds.
REFUSALS = ('EKEYREJECTED', 'EBADMSG', 'ENOKEY', 'EPERM', 'ENOPKG', 'EINVAL')


def read_tsv(*parts):
    path = os.path.join(BENCH, *parts)
    if not os.path.exists(path):
        sys.exit(f'bench-report: {path} is missing: run make bench')
    with open(path, newline='') as f:
        return list(csv.DictReader(f, delimiter='\t'))


def read_text(*parts):
    with open(os.path.join(BENCH, *parts)) as f:
        return f.read().strip()


def human(n):
    n = float(n)
    for unit in ('B', 'KiB', 'MiB', 'GiB'):
        if n < 1024 or unit == 'GiB':
            return f'{n:.0f} {unit}' if unit == 'B' else f'{n:.1f} {unit}'
        n /= 1024
    return str(n)


def us(x):
    return f'{x:,.0f}' if x >= 100 else f'{x:.1f}'


def met(ok):
    return '**met**' if ok else '**NOT met**'


def debian_median():
    """Size of the median module of the Debian set, when it is cached."""
    path = os.path.join(BENCH, 'set.list')
    if not os.path.exists(path):
        return None
    sizes = sorted(os.path.getsize(p.strip()) for p in open(path) if p.strip())
    return sizes[(len(sizes) - 1) // 2] if sizes else None


def guest_section(lines, verdicts):
    env = {r[0]: r[1] for r in csv.reader(
        open(os.path.join(BENCH, 'kernel', 'guest-env.tsv')), delimiter='\t')}
    accel = read_text('kernel', 'accel')
    loads = read_tsv('kernel', 'guest.tsv')
    sizes = {r['module']: r for r in read_tsv('kernel', 'sizes.tsv')}

    bad = [l for l in loads if l['result'] in REFUSALS or not l['check_us']]
    if bad:
        sys.exit('bench-report: loads were refused or not timed: ' +
                 ', '.join(f"{l['module']}/{l['variant']}: {l['result']}" for l in bad[:5]))

    per = {}
    for l in loads:
        d = per.setdefault((l['module'], l['variant']), {'check': [], 'sha': []})
        d['check'].append(float(l['check_us']))
        if l['sha256_us']:
            d['sha'].append(float(l['sha256_us']))
    reps = max(len(d['check']) for d in per.values())
    mods = sorted(sizes, key=lambda m: int(sizes[m]['bytes']))

    rows = []
    for m in mods:
        sha = statistics.median(per[(m, 'merkle')]['sha'])
        merkle = statistics.median(per[(m, 'merkle')]['check'])
        rsa = statistics.median(per[(m, 'rsa4096')]['check'])
        p384 = statistics.median(per[(m, 'p384')]['check'])
        rows.append((m, int(sizes[m]['bytes']), sha, merkle, rsa, p384))

    lines += [
        '### Verification time in the booted guest',
        '',
        f"The `qemu-x86_64` + `both` + `bench` kernel (Kconfig.fragments) under QEMU "
        f"{'with KVM' if accel == 'kvm' else 'TCG (software emulation: KVM hangs on this machine)'}, "
        f"one vCPU, guest CPU {env.get('model', '?').strip()} "
        f"(flags: {env.get('flags', '').strip() or 'none of sha_ni/avx2/avx/ssse3'}); the crypto API's "
        f"SHA-256 is `{env.get('sha256-driver', '?').split()[0]}`. "
        f"Each module of the build ({len(mods)}: the in-tree modules of the test "
        f"configuration and synthetic in-tree modules of 16 KiB to 16 MiB) exists three "
        f"times: as installed with its Merkle proof, and signed (SHA-256) with an "
        f"RSA-4096 and with an ECDSA P-384 key whose certificates are in the "
        f"secondary keyring. Each file is loaded {reps} times with `finit_module()`, "
        f"the three variants interleaved, while the function_graph tracer times "
        f"only `mod_merkle_check()` and `mod_pkcs7_check()`; then each Merkle file "
        f"{reps} times more while it times only `mod_sha256()`, the \"bare SHA-256\": "
        f"the crypto API digest of the whole module, which the Merkle check starts "
        f"with (two passes, so that no traced call sits inside a timed one). "
        f"Medians, in microseconds.",
        '',
        '| Module | Size | Bare SHA-256 | Merkle check | Merkle / SHA-256 | PKCS#7 RSA-4096 '
        '| PKCS#7 P-384 | RSA-4096 / Merkle | P-384 / Merkle |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ]
    for m, size, sha, merkle, rsa, p384 in rows:
        lines.append(f'| {m} | {human(size)} | {us(sha)} | {us(merkle)} | '
                     f'{merkle / sha:.2f}x | {us(rsa)} | {us(p384)} | '
                     f'{rsa / merkle:.1f}x | {p384 / merkle:.1f}x |')

    # The median module: the one in the middle by size (lower middle for
    # an even count).
    med = rows[(len(rows) - 1) // 2]
    m_ratio = med[3] / med[2]
    r_ratio = med[4] / med[3]
    worst = max(rows, key=lambda r: r[3] / r[2])
    lines += [
        '',
        f'Median module by size: **{med[0]}** ({human(med[1])}): Merkle check '
        f'{us(med[3])} us against {us(med[2])} us for its bare SHA-256 '
        f'({m_ratio:.2f}x), PKCS#7 RSA-4096 {us(med[4])} us ({r_ratio:.1f}x the '
        f'Merkle check), P-384 {us(med[5])} us. The Merkle check adds the proof '
        f'walk (a dozen 65-byte hashes with the generic library SHA-256) and the '
        f'trailer parsing to the digest: a fixed cost, which weighs most on small '
        f'modules (the highest ratio here: {worst[0]}, {worst[3] / worst[2]:.2f}x). '
        f'Under TCG the '
        f'instructions are emulated, so absolute times are far above real hardware '
        f'and the ratios only indicate it.',
        '',
        f'What a signature costs beyond the hashing, the median over all modules '
        f'of (PKCS#7 check - Merkle check): RSA-4096 '
        f'{us(statistics.median(r[4] - r[3] for r in rows))} us, P-384 '
        f'{us(statistics.median(r[5] - r[3] for r in rows))} us. Both signature '
        f'checks hash the whole module too, so once a module is large enough for '
        f'its digest to outweigh that cost, every mechanism takes about the time '
        f'of the SHA-256; under TCG the emulated AVX2 SHA-256 is slow (about '
        f'{rows[-1][1] / rows[-1][2]:.0f} MB/s here) against a comparatively quick '
        f'RSA public-key operation, which moves that point down to a few KiB.',
        '',
    ]
    judged = [('median module of this set', med)]
    deb = debian_median()
    if deb:
        near = min(rows, key=lambda r: abs(r[1] - deb))
        judged.append((f'{near[0]}, the size of the median Debian module '
                       f'({human(deb)})', near))
        lines += [
            f'The median module of Debian\'s 6.12 set is {human(deb)}; the module '
            f'of this set closest to it is {near[0]} ({human(near[1])}): Merkle '
            f'{near[3] / near[2]:.2f}x its bare SHA-256, RSA-4096 '
            f'{near[4] / near[3]:.1f}x the Merkle check.',
            '',
        ]
    for what, r in judged:
        verdicts.append((f'Merkle check within 1.1x of the bare SHA-256 ({what})',
                         f'{us(r[3])} / {us(r[2])} us = **{r[3] / r[2]:.2f}x**',
                         met(r[3] / r[2] <= 1.1)))
        verdicts.append((f'Merkle check at least 5x faster than PKCS#7 RSA-4096 ({what})',
                         f'{us(r[4])} / {us(r[3])} us = **{r[4] / r[3]:.1f}x**',
                         met(r[4] / r[3] >= 5)))

    results = {}
    for l in loads:
        results[l['result']] = results.get(l['result'], 0) + 1
    lines += [
        'Load results (after the check passed, a module already loaded answers '
        'EEXIST and one whose dependencies are not loaded ENOENT; no file was '
        'refused on integrity grounds): ' +
        ', '.join(f'{k} {v}' for k, v in sorted(results.items())) + '.',
        '',
    ]
    return sizes


def size_section(lines, sizes, builds):
    merkle = [int(s['merkle']) for s in sizes.values()]
    rsa = [int(s['rsa4096']) for s in sizes.values()]
    p384 = [int(s['p384']) for s in sizes.values()]
    by = {b['config']: b for b in builds if b['round'] == '1'}
    none = by['none']
    lines += [
        '### Sizes',
        '',
        'Bytes appended to each module (the whole trailer: payload, '
        '`struct module_signature`, magic), over the modules of the kernel above:',
        '',
        '| Trailer | Smallest | Median | Largest |',
        '|---|---:|---:|---:|',
        f'| Merkle proof ({len(merkle)} leaves) | {min(merkle)} | '
        f'{int(statistics.median(merkle))} | {max(merkle)} |',
        f'| PKCS#7, RSA-4096, SHA-256 | {min(rsa)} | {int(statistics.median(rsa))} | {max(rsa)} |',
        f'| PKCS#7, ECDSA P-384, SHA-256 | {min(p384)} | {int(statistics.median(p384))} | {max(p384)} |',
        '',
        'vmlinux and the installed modules of the build-time configurations '
        '(below), against the build without module integrity:',
        '',
        '| Configuration | vmlinux text | data | bss | Integrity code and data '
        '| .module_hashes_root | bzImage | Installed modules |',
        '|---|---:|---:|---:|---:|---:|---:|---:|',
    ]
    for cfg in ('none', 'hash-only', 'sig-only'):
        b = by[cfg]

        def delta(key):
            d = int(b[key]) - int(none[key])
            return f'{int(b[key]):,}' + ('' if cfg == 'none' else f' ({d:+,})')
        lines.append(f"| {cfg} | {delta('text')} | {delta('data')} | {delta('bss')} | "
                     f"{int(b['integrity_code']):,} | {b['root_section']} | "
                     f"{delta('bzimage')} | {b['modules']} files, {delta('module_bytes')} |")
    lines += [
        '',
        '"Integrity code and data" is the size of the objects of '
        '`kernel/module/integrity/` and `kernel/module/policy/` (dispatch, '
        'parsers, checks, policy); vmlinux sections are padded, so their deltas '
        'move in steps. `hash-only` and `sig-only` also have the lockdown LSM of '
        'the test configuration, which `none` cannot have: it depends on a module '
        'integrity mechanism.',
        '',
    ]


def build_section(lines, builds, verdicts):
    rounds = max(int(b['round']) for b in builds)
    tot = {}
    for b in builds:
        tot.setdefault(b['config'], []).append(
            (float(b['build_wall']), float(b['install_wall']), b['hash_step']))
    lines += [
        '### Build time',
        '',
        'The `qemu-x86_64` configuration of the QEMU tests built from an empty '
        f'output folder without ccache (`make -j2`, then `make modules_install '
        f'INSTALL_MOD_STRIP=1`), three ways, {rounds} round(s), the three '
        'interleaved in each round; medians of wall-clock seconds. `none` has '
        'no module integrity, `hash-only` builds the tree and embeds its root '
        '(and appends proofs at install), `sig-only` has `CONFIG_MODULE_SIG_ALL` '
        'with a key generated by the build (and signs at install).',
        '',
        '| Configuration | make | modules_install | Total | Against none | Hashing step alone |',
        '|---|---:|---:|---:|---:|---:|',
    ]
    base = None
    res = {}
    for cfg in ('none', 'hash-only', 'sig-only'):
        mk = statistics.median(t[0] for t in tot[cfg])
        inst = statistics.median(t[1] for t in tot[cfg])
        total = mk + inst
        res[cfg] = total
        if base is None:
            base = total
        hs = [t[2] for t in tot[cfg] if t[2] not in ('-', '')]
        step = f'{statistics.median(float(h) for h in hs):.2f} s' if hs else '-'
        lines.append(f'| {cfg} | {mk:.1f} | {inst:.2f} | {total:.1f} | '
                     f'{(total / base - 1) * 100:+.1f}% | {step} |')
    cost = (res['hash-only'] / base - 1) * 100
    lines += [
        '',
        'Differences of a few seconds are within the noise of one build on this '
        'machine; the hashing step alone (the `sign-or-hash tree` run of '
        '`scripts/Makefile.modhashes`, timed again by itself) is the part that '
        'module hashes add besides relinking vmlinux once more with the root.',
        '',
    ]
    verdicts.append(('MODULE_HASHES costs at most 3% of the build',
                     f"{res['hash-only']:.1f} s against {base:.1f} s = **{cost:+.1f}%**",
                     met(cost <= 3)))


def scale_section(lines):
    scale = read_tsv('scale', 'scale.tsv')
    depth = read_tsv('scale', 'depth.tsv')
    lines += [
        '### Scale',
        '',
        '`sign-or-hash tree` (all cores) creating every proof afresh, against '
        '`openssl dgst -sha256` per file on one core over the same bytes, page '
        'cache warm; medians. The synthetic modules take the sizes of the Debian '
        'modules in turn, with pseudo-random content.',
        '',
        '| Set | Modules | Bytes | openssl (s) | tree (s) | tree / openssl | MB/s |',
        '|---|---:|---:|---:|---:|---:|---:|',
    ]
    for s in scale:
        tw = float(s['tree_wall'])
        lines.append(f"| {s['set']} | {int(s['modules']):,} | {human(s['bytes'])} | "
                     f"{s['openssl_wall']} | {s['tree_wall']} | "
                     f"{tw / float(s['openssl_wall']):.2f}x | "
                     f"{int(s['bytes']) / 1e6 / max(tw, 0.01):,.0f} |")
    lines += [
        '',
        'Proof length against the number of leaves (RFC 9162 trees are not '
        'padded: a leaf in the last, smaller subtree has a shorter proof). '
        'Trailer = 12-byte proof header + 32 bytes per node + 12-byte '
        '`struct module_signature` + 28-byte magic.',
        '',
        '| Leaves | Shortest proof | Longest proof | Trailer bytes |',
        '|---:|---:|---:|---:|',
    ]
    for d in depth:
        tb = d['trailer_min'] if d['trailer_min'] == d['trailer_max'] \
            else f"{d['trailer_min']}-{d['trailer_max']}"
        lines.append(f"| {int(d['leaves']):,} | {d['shortest_path']} | "
                     f"{d['longest_path']} | {tb} |")
    lines.append('')


def main():
    doc = sys.argv[1] if len(sys.argv) > 1 else os.path.join(TOP, 'BENCHMARKS.md')
    builds = read_tsv('build', 'builds.tsv')
    commit = read_text('kernel', 'commit')
    lines = [
        BEGIN,
        '## Kernel side: checking, building, sizes, scale',
        '',
        'Written by `make bench` (`mk/bench-kernel.sh`, `mk/bench-build.sh`, '
        '`mk/bench-scale.sh`, then `mk/bench-report.py`) in the same run as the '
        f'host section above, on the same machine; source commit {commit}, '
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        '',
    ]
    verdicts = []
    sizes = guest_section(lines, verdicts)
    build_section(lines, builds, verdicts)
    size_section(lines, sizes, builds)
    scale_section(lines)
    lines += ['### Targets', '', '| Target | Figure | Result |', '|---|---|---|']
    for v in verdicts:
        lines.append(f'| {v[0]} | {v[1]} | {v[2]} |')
    missed = [v[0] for v in verdicts if 'NOT' in v[2]]
    lines += ['', 'Targets NOT met: ' + ('; '.join(missed) if missed else 'none') + '.',
              END]

    text = open(doc).read() if os.path.exists(doc) else '# Benchmarks\n'
    section = '\n'.join(lines) + '\n'
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip('\n')
        text = head + section + tail
    else:
        text = text.rstrip('\n') + '\n\n' + section
    tmp = doc + '.tmp'
    with open(tmp, 'w') as f:
        f.write(text)
    os.replace(tmp, doc)
    print(f'bench-report: wrote the kernel section of {doc}', file=sys.stderr)


if __name__ == '__main__':
    main()
