# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Shell functions shared by the scripts that pack a QEMU initramfs
# (mk/qemu-test.sh, mk/bench-kernel.sh). Sourced, not run.

# copy_with_libs BINARY DEST ROOT: copy BINARY to ROOT/DEST with the shared
# libraries and the loader it needs, at their host paths under ROOT.
copy_with_libs() {
	local bin=$1 dest=$2 root=$3 lib

	cp -L "$bin" "$root$dest"
	for lib in $(ldd "$bin" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i }'); do
		mkdir -p "$root$(dirname "$lib")"
		[ -e "$root$lib" ] || cp -L "$lib" "$root$lib"
	done
}
