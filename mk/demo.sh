#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make demo, in two parts.
#
# 1. The kernel (mk/demo-kernel.sh): build the "both" 6.12 kernel, boot it
#    in QEMU, load an in-tree module (Merkle proof), an out-of-tree one
#    (signature) and tampered or untrusted ones, and print the table.
# 2. The tool at scale: sign-or-hash on the ~4230 modules of Debian's
#    6.12 amd64 kernel: build the Merkle tree over all of them, install
#    each with its proof, verify every installed module against the root,
#    and show what a tampered module, a module from another build and a
#    bare module get. Ends with a short summary.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

echo "== The both kernel in QEMU =="
mk/demo-kernel.sh
echo
echo "== sign-or-hash on Debian's 6.12 module set =="
soh=$top/build/bin/sign-or-hash
demo=$top/build/demo

echo "demo: preparing the Debian 6.12 module set (cached after the first run)"
mk/bench-dataset.sh >/dev/null
list=$top/build/bench/set.list
n=$(wc -l < "$list")

rm -rf "$demo"
mkdir -p "$demo/installed"
trap 'xargs -a "$list" -I{} rm -f "{}.merkle"' EXIT

t0=$(date +%s.%N)
"$soh" tree --list "$list" --root-out "$demo/modules.root" --c-out "$demo/module_hashes_root.c"
t1=$(date +%s.%N)

# Install: each module with its proof appended, as modules_install will.
# prove checks that each proof really belongs to its module.
sed "s|^build/bench/set/||" "$list" > "$demo/relative.list"
(cd build/bench/set && xargs -a "$demo/relative.list" -P "$(nproc)" -I{} sh -c \
	'mkdir -p "$1/$(dirname "$2")" && "$0" prove --root "$1/../modules.root" "$2" "$2.merkle" "$1/$2"' \
	"$soh" "$demo/installed" {})
sed "s|^|$demo/installed/|" "$demo/relative.list" > "$demo/installed.list"
t2=$(date +%s.%N)

"$soh" verify --root "$demo/modules.root" --list "$demo/installed.list" > "$demo/verify.log"
t3=$(date +%s.%N)
verified=$(grep -c ': merkle: verified$' "$demo/verify.log")

# Three modules that must not pass.
pick=$(sed -n '100p' "$demo/installed.list")
cp "$pick" "$demo/tampered.ko"
printf '\x90' | dd of="$demo/tampered.ko" bs=1 seek=4096 conv=notrunc 2>/dev/null
head -n $((n - 1)) "$list" > "$demo/other-build.list"
"$soh" tree --list "$demo/other-build.list" --root-out "$demo/other.root"
bare=$(sed -n '100p' "$list")
cp "$bare" "$demo/bare.ko"
"$soh" prove --root "$demo/other.root" "$bare" "$bare.merkle" "$demo/other-build.ko"

echo
echo "== What a kernel with this module root would do =="
"$soh" verify --root "$demo/modules.root" "$pick" "$demo/tampered.ko" \
	"$demo/other-build.ko" "$demo/bare.ko" | sed "s|$top/||" || true

echo
echo "== Summary =="
root_hex=$(od -An -tx1 -j8 "$demo/modules.root" | tr -d ' \n')
depth=$("$soh" show "$(head -1 "$demo/installed.list")" | sed -n 's/.*path length: //p')
printf '%-34s %s\n' "modules in the tree" "$n"
printf '%-34s %s\n' "root (SHA-256)" "$root_hex"
printf '%-34s %s\n' "proof length of the first module" "$depth hashes ($((12 + 32 * depth + 40)) bytes of trailer)"
printf '%-34s %.2f s\n' "tree + all proofs" "$(echo "$t1 - $t0" | bc)"
printf '%-34s %.2f s\n' "install with proofs (prove x $n)" "$(echo "$t2 - $t1" | bc)"
printf '%-34s %.2f s\n' "verify all installed modules" "$(echo "$t3 - $t2" | bc)"
printf '%-34s %s of %s\n' "verified" "$verified" "$n"
printf '%-34s %s\n' "files" "build/demo/ (modules.root, module_hashes_root.c, installed/)"
[ "$verified" -eq "$n" ]
