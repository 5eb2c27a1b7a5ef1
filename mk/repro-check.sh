#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make repro-check: builds each kernel twice, the way two independent
# rebuilders would, and compares what a distribution ships byte for byte:
# vmlinux, bzImage and every installed module with its trailer.
#
#   build A: build/repro/a/<config>, user root, HOME and umask 022 of its
#            own, with the project's ccache
#   build B: build/repro/second-build/<config>, a different user (when one
#            can be made), other HOME, umask 077, no ccache, later
#
# Both use what distributions set: KBUILD_BUILD_TIMESTAMP, _USER, _HOST,
# _VERSION and SOURCE_DATE_EPOCH. Expected: hash-only and both are identical;
# sig-only with its generated signing key differs (the key is new each
# time), which is why module hashes exist.
#
# REPRO_CONFIGS overrides the configs (default "hash-only both sig-only").
# Prints TAP lines for mk/check.sh and, per build, the SHA-256 of each
# artefact set.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
tree=$top/build/linux
repro=$top/build/repro
configs=${REPRO_CONFIGS:-hash-only both sig-only}

export KBUILD_BUILD_TIMESTAMP="Thu Jan  1 00:00:00 UTC 2026"
export KBUILD_BUILD_USER=builder
export KBUILD_BUILD_HOST=reproducible
export SOURCE_DATE_EPOCH=1767225600
# The "#N" of the version string otherwise counts this folder's links.
export KBUILD_BUILD_VERSION=1

mk/kernel-tree.sh >/dev/null || { echo "not ok - repro: kernel tree"; exit 1; }
make -s tool >/dev/null

# A second user for build B, when this machine lets us make one.
user_b=root
if [ "$(id -u)" -eq 0 ] && { id repro-b >/dev/null 2>&1 ||
	useradd --system --no-create-home repro-b 2>/dev/null; }; then
	user_b=repro-b
fi

# The module compression of each config, as in mk/qemu-test.sh: hash-only
# installs .ko.zst (CONFIG_MODULE_COMPRESS_ALL), so compressed modules
# with their proofs must be reproducible too.
declare -A compress=([hash-only]=zstd [sig-only]=xz [both]=xz)

# build SIDE CONFIG OUTDIR: configure, build, install modules.
build() {
	local side=$1 cfg=$2 out=$3 home log
	home=$repro/home-$side
	mkdir -p "$out" "$home"
	log=$out.log
	mk/kernel-config.sh "$out" qemu-x86_64 "$cfg" "compress-${compress[$cfg]:-xz}" \
		>"$log" 2>&1 || return 1
	if [ "$side" = a ]; then
		(umask 022; HOME=$home CCACHE_DIR=$top/build/ccache \
			make -C "$tree" O="$out" -j"$(nproc)" CC="ccache gcc" \
			>>"$log" 2>&1 &&
		 HOME=$home make -C "$tree" O="$out" INSTALL_MOD_PATH="$out/install" \
			modules_install >>"$log" 2>&1)
	else
		chown -R "$user_b" "$out" "$home" "$log"
		runuser -u "$user_b" -- env HOME="$home" bash -c "umask 077 &&
			make -C '$tree' O='$out' -j$(nproc) >>'$log' 2>&1 &&
			make -C '$tree' O='$out' INSTALL_MOD_PATH='$out/install' \
				modules_install >>'$log' 2>&1"
	fi
}

# The files a distribution ships, relative to the build folder.
artefacts() {
	(cd "$1" && { echo vmlinux; echo arch/x86/boot/bzImage;
		find install -name '*.ko*' | sort; })
}

digest_set() {
	(cd "$1" && artefacts . | xargs sha256sum | sha256sum | cut -d' ' -f1)
}

for cfg in $configs; do
	a=$repro/a/$cfg
	b=$repro/second-build/$cfg
	rm -rf "$b"
	if ! build a "$cfg" "$a"; then
		echo "not ok - repro $cfg: build A failed (log: ${a#$top/}.log)"
		tail -5 "$a.log" | sed 's/^/# /'
		continue
	fi
	if ! build b "$cfg" "$b"; then
		echo "not ok - repro $cfg: build B failed (log: ${b#$top/}.log)"
		tail -5 "$b.log" | sed 's/^/# /'
		continue
	fi
	echo "# $cfg build A ($(id -un), umask 022): artefacts sha256 $(digest_set "$a")"
	echo "# $cfg build B ($user_b, umask 077): artefacts sha256 $(digest_set "$b")"
	differ=()
	while read -r f; do
		cmp -s "$a/$f" "$b/$f" || differ+=("$f")
	done < <(artefacts "$a")
	[ "$(artefacts "$a")" = "$(artefacts "$b")" ] || differ+=("(the list of installed modules)")
	n=$(artefacts "$a" | wc -l)

	if [ "$cfg" = sig-only ]; then
		# A generated key must make the builds differ, and say where.
		if [ ${#differ[@]} -gt 0 ] && ! cmp -s "$a/certs/signing_key.x509" "$b/certs/signing_key.x509"; then
			echo "ok - repro sig-only: ${#differ[@]} of $n artefacts differ, as expected: the build generated a new signing key (certs/signing_key.x509 differs)"
		else
			echo "not ok - repro sig-only: expected the generated signing key to make the builds differ"
		fi
		continue
	fi
	if [ ${#differ[@]} -eq 0 ]; then
		echo "ok - repro $cfg: vmlinux, bzImage and $((n - 2)) installed modules are bit-identical across the two builds"
	else
		echo "not ok - repro $cfg: ${#differ[@]} of $n artefacts differ"
		for f in "${differ[@]:0:10}"; do
			echo "#   $f"
		done
		if command -v diffoscope >/dev/null; then
			diffoscope --text "$repro/$cfg.diffoscope.txt" "$a/${differ[0]}" "$b/${differ[0]}" >/dev/null 2>&1
			echo "#   diffoscope of ${differ[0]}: ${repro#$top/}/$cfg.diffoscope.txt"
		fi
	fi
done
exit 0
