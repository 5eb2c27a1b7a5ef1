#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The kbuild flow of CONFIG_MODULE_HASHES on an already built kernel
# (build/obj-hash-only, made by the QEMU tests): a second make changes
# nothing, `find -name '*.ko' -delete && make` rebuilds the modules and
# gives the same root, the root inside vmlinux (and so inside bzImage,
# made from it) is modules.root, and every module installed by
# modules_install verifies against it. Prints TAP lines.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
obj=${KBUILD_TEST_OBJ:-$top/build/obj-hash-only}
tree=$top/build/linux
soh=$top/build/bin/sign-or-hash
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
export CCACHE_DIR=${CCACHE_DIR:-$top/build/ccache}

run_make() {
	make -C "$tree" O="$obj" -j"$(nproc)" CC="ccache gcc" "$@" >"$work/make.log" 2>&1
}

if [ ! -f "$obj/modules.root" ] || ! run_make; then
	echo "not ok - kbuild: $obj does not build (log: $work/make.log)"
	exit 0
fi
cp "$obj/modules.root" "$work/root.before"
stamp=$(stat -c %Y "$obj/vmlinux")

run_make && [ "$(stat -c %Y "$obj/vmlinux")" = "$stamp" ] &&
	echo "ok - kbuild: a second make leaves vmlinux alone" ||
	echo "not ok - kbuild: a second make remade vmlinux"

find "$obj" -name '*.ko' -delete
if run_make && cmp -s "$obj/modules.root" "$work/root.before" &&
   [ "$(find "$obj" -name '*.ko' | wc -l)" -eq "$(wc -l < "$obj/modules.order")" ]; then
	echo "ok - kbuild: make && rm *.ko && make rebuilds every module and the same root"
else
	echo "not ok - kbuild: rebuild after deleting the modules"
fi

python3 - "$obj/vmlinux" "$obj/modules.root" <<'PY' && echo "ok - kbuild: vmlinux holds modules.root in .module_hashes_root" || echo "not ok - kbuild: vmlinux does not hold modules.root"
import sys
data = open(sys.argv[1], "rb").read()
root = open(sys.argv[2], "rb").read()
sys.exit(0 if len(root) == 40 and data.count(root) == 1 and root[4:8] != b"\0\0\0\0" else 1)
PY

rm -rf "$work/inst"
if make -C "$tree" O="$obj" INSTALL_MOD_PATH="$work/inst" modules_install >"$work/install.log" 2>&1 &&
   find "$work/inst" -name '*.ko' | sort > "$work/installed" &&
   [ -s "$work/installed" ] &&
   "$soh" verify --vmlinux "$obj/vmlinux" --list "$work/installed" >"$work/verify.log" 2>&1; then
	echo "ok - kbuild: all $(wc -l < "$work/installed") modules from modules_install verify against vmlinux"
else
	echo "not ok - kbuild: modules_install output does not verify (log: $work/verify.log)"
fi

rm -rf "$work/inst2"
if make -C "$tree" O="$obj" INSTALL_MOD_PATH="$work/inst2" INSTALL_MOD_STRIP=1 \
	modules_install >"$work/install2.log" 2>&1; then
	echo "not ok - kbuild: modules_install with other strip options than hashed was accepted"
elif grep -q "hashed with INSTALL_MOD_STRIP" "$work/install2.log"; then
	echo "ok - kbuild: modules_install refuses strip options the modules were not hashed with, and says so"
else
	echo "not ok - kbuild: modules_install with INSTALL_MOD_STRIP=1 failed for another reason"
fi
exit 0
