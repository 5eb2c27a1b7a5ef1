#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Seeds for the fuzzer: a root record followed by a module that carries a
# valid proof against it, for a few tree shapes, made by the tool itself.
# Usage: make-seeds.sh SIGN-OR-HASH OUTDIR
set -euo pipefail
soh=$1
out=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

for n in 1 2 3 5 8 13; do
	mods=()
	for i in $(seq 1 "$n"); do
		printf 'module %d of %d\n' "$i" "$n" > "$tmp/m$i.ko"
		mods+=("$tmp/m$i.ko")
	done
	"$soh" tree --root-out "$tmp/root" "${mods[@]}" >/dev/null
	for i in 1 "$n"; do
		cat "$tmp/root" "$tmp/m$i.ko" "$tmp/m$i.ko.merkle" > "$out/tree$n-leaf$i"
	done
done
