#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Installs the Debian packages the project needs, and nothing when they
# are all there already: `make check` and `make demo` start from a fresh
# machine, and apt-get update alone costs half a minute.
set -euo pipefail

packages=(
	# the host tool and its tests
	gcc make libssl-dev openssl liblzma-dev libzstd-dev zlib1g-dev
	xz-utils zstd gzip python3 clang libclang-rt-dev groff-base
	# the kernel: source, build and boot
	linux-source-6.12 bc bison flex libelf-dev dwarves cpio rsync
	kmod keyutils busybox-static qemu-system-x86 ccache perl
	# benchmarks
	time
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q '^install ok installed$' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "mk/deps.sh: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "mk/deps.sh: not root; install these packages first: ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
