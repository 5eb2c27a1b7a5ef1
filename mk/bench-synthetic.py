#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write the synthetic in-tree modules of the kernel benchmark.

    bench-synthetic.py DIR SIZE...

DIR becomes a kbuild folder (a Kbuild file and, per SIZE, a module
mi_bench_SIZE made of a small C file and an assembler file that
.incbin's SIZE of pseudo-random bytes into .rodata). SIZE is a number
with an optional k or m suffix (KiB, MiB). The bytes are a SHAKE-256
stream seeded with the size, so every run writes the same modules and
the kernel build stays reproducible. Files that already have the wanted
content are left alone, so kbuild rebuilds nothing on a second run.
"""

import hashlib
import os
import sys


def parse_size(text):
    mult = {'k': 1 << 10, 'm': 1 << 20}.get(text[-1].lower(), 1)
    digits = text[:-1] if mult != 1 else text
    return int(digits) * mult


def write_if_changed(path, data):
    if isinstance(data, str):
        data = data.encode()
    try:
        with open(path, 'rb') as f:
            if f.read() == data:
                return
    except FileNotFoundError:
        pass
    tmp = path + '.tmp'
    with open(tmp, 'wb') as f:
        f.write(data)
    os.replace(tmp, path)


C_SOURCE = """\
// SPDX-License-Identifier: GPL-2.0-or-later
/* Benchmark module: {size} bytes of data, to time the integrity checks. */
#include <linux/module.h>

extern const unsigned char mi_bench_{tag}_blob[];

static int __init mi_bench_{tag}_init(void)
{{
	pr_debug("mi_bench_{tag}: first byte %u\\n", mi_bench_{tag}_blob[0]);
	return 0;
}}
module_init(mi_bench_{tag}_init);

static void __exit mi_bench_{tag}_exit(void)
{{
}}
module_exit(mi_bench_{tag}_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("module integrity benchmark: {size} bytes of data");
"""

ASM_SOURCE = """\
/* SPDX-License-Identifier: GPL-2.0-or-later */
	.section .rodata, "a"
	.globl mi_bench_{tag}_blob
mi_bench_{tag}_blob:
	.incbin "blob_{tag}.bin"
"""


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    kbuild = ['# SPDX-License-Identifier: GPL-2.0-or-later',
              '# Written by mk/bench-synthetic.py.',
              'asflags-y += -Wa,-I$(srctree)/$(src)']
    for text in sys.argv[2:]:
        size = parse_size(text)
        tag = text.lower()
        kbuild.append(f'obj-m += mi_bench_{tag}.o')
        kbuild.append(f'mi_bench_{tag}-y := mi_bench_{tag}_main.o mi_bench_{tag}_blob.o')
        write_if_changed(f'{out}/mi_bench_{tag}_main.c',
                         C_SOURCE.format(tag=tag, size=size))
        write_if_changed(f'{out}/mi_bench_{tag}_blob.S',
                         ASM_SOURCE.format(tag=tag))
        blob = hashlib.shake_256(f'mi_bench {size}'.encode()).digest(size)
        write_if_changed(f'{out}/blob_{tag}.bin', blob)
    write_if_changed(f'{out}/Kbuild', '\n'.join(kbuild) + '\n')


if __name__ == '__main__':
    main()
