#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Prints the path of a pristine Linux 6.12 source tree: $KERNEL_SRC when
# the user gave one, otherwise Debian's linux-source-6.12 unpacked once
# under build/src/ (the unpack is cached by a stamp file).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)

if [ -n "${KERNEL_SRC:-}" ]; then
	if [ ! -f "$KERNEL_SRC/Makefile" ] ||
	   ! grep -q '^VERSION = 6$' "$KERNEL_SRC/Makefile" ||
	   ! grep -q '^PATCHLEVEL = 12$' "$KERNEL_SRC/Makefile"; then
		echo "mk/kernel-src.sh: KERNEL_SRC=$KERNEL_SRC is not a Linux 6.12 tree" >&2
		exit 1
	fi
	echo "$KERNEL_SRC"
	exit 0
fi

tarball=/usr/src/linux-source-6.12.tar.xz
dest=$top/build/src
tree=$dest/linux-source-6.12
stamp=$dest/.unpacked

if [ ! -f "$tarball" ]; then
	"$top/mk/deps.sh" >&2
fi
if [ ! -f "$stamp" ] || [ "$tarball" -nt "$stamp" ]; then
	echo "mk/kernel-src.sh: unpacking $tarball" >&2
	rm -rf "$tree" "$stamp"
	mkdir -p "$dest"
	tar -C "$dest" -xJf "$tarball"
	touch "$stamp"
fi
echo "$tree"
