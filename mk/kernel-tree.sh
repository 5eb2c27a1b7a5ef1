#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Lays the project onto a Linux 6.12 working tree: build/linux, a
# hard-linked copy of the pristine source (mk/kernel-src.sh) with the
# overlay files copied in and patches/6.12/series applied.
#
# KERNEL_STAGE=DIR makes the staging folder somewhere else; with
# KERNEL_TREE_STAGE_ONLY=1 it only fills the staging folder (the set of
# files the project adds or changes, as they end up in the tree) and
# leaves every tree alone: mk/patches.py uses that. The files the patches
# delete (git-style, +++ /dev/null) are listed in DIR.deleted, the
# staging folder's name with .deleted appended, one a line.
#
# Idempotent and incremental: the patched and overlaid files are made
# afresh in a staging folder on every run, and only those that differ
# from the working tree are replaced, so make sees no change when there
# is none. A file the patches delete is removed from the working tree
# (the hard link goes; the pristine copy stays). A file the project stops
# touching or deleting goes back to pristine.
# Replacing a file writes a new inode, which never disturbs the pristine
# copy behind the hard links.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
pristine=$("$top/mk/kernel-src.sh")
tree=${KERNEL_TREE:-$top/build/linux}
# Each tree gets its own staging folder: two trees can be laid at once.
if [ -n "${KERNEL_TREE:-}" ]; then
	stage=$tree-stage
else
	stage=${KERNEL_STAGE:-$top/build/kernel-stage}
fi
manifest=$tree/.module-integrity-files

# Overlay: folders that mirror the kernel tree, copied file by file.
overlay_dirs=(include kernel security scripts/sign-or-hash scripts/Makefile.modhashes Documentation)

stage_only=${KERNEL_TREE_STAGE_ONLY:-}

if [ -z "$stage_only" ] && [ ! -d "$tree" ]; then
	echo "kernel-tree: linking $pristine to $tree"
	mkdir -p "$(dirname "$tree")"
	cp -al "$pristine" "$tree.tmp"
	mv "$tree.tmp" "$tree"
fi

rm -rf "$stage" "$stage.deleted"
mkdir -p "$stage"

# 1. The files the patches touch, pristine, then patched. A file a
# patch deletes is named only on its --- line.
series=$top/patches/6.12/series
touched=$stage.touched
: > "$touched"
if [ -f "$series" ]; then
	while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		grep -E '^(\+\+\+|---) [ab]/' "$top/patches/6.12/$p" | awk '{print $2}' |
			sed 's|^[ab]/||' | while read -r f; do
			echo "$f" >> "$touched"
			if [ -f "$pristine/$f" ] && [ ! -f "$stage/$f" ]; then
				mkdir -p "$stage/$(dirname "$f")"
				cp "$pristine/$f" "$stage/$f"
			fi
		done
	done < "$series"
	while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		if ! patch -d "$stage" -p1 --batch --forward --no-backup-if-mismatch \
			-s < "$top/patches/6.12/$p"; then
			echo "kernel-tree: patches/6.12/$p does not apply to $pristine" >&2
			exit 1
		fi
	done < "$series"
	find "$stage" -name '*.orig' -o -name '*.rej' | grep -q . && {
		echo "kernel-tree: a patch left .orig/.rej files" >&2
		exit 1
	}
fi

# 2. Overlay files, which are whole files of their own.
for d in "${overlay_dirs[@]}"; do
	[ -e "$top/$d" ] || continue
	(cd "$top" && find "$d" -type f ! -name '*.merkle' -print0) |
		while IFS= read -r -d '' f; do
			mkdir -p "$stage/$(dirname "$f")"
			cp "$top/$f" "$stage/$f"
		done
done

# 3. KUnit suites go where kernel convention wants them.
kunit_dest=kernel/module/integrity/tests
mkdir -p "$stage/$kunit_dest"
cp "$top"/tests/kunit/*.c "$top"/tests/kunit/*.h "$top/tests/kunit/Makefile" \
	"$stage/$kunit_dest/" 2>/dev/null || true
cp "$top/tests/vectors/merkle_kat.h" "$stage/$kunit_dest/"
# so that kunit.py run --kunitconfig=kernel/module/integrity/tests works
cp "$top/tests/kunit/both.kunitconfig" "$stage/$kunit_dest/.kunitconfig"

# What the patches took away and no overlay file brought back.
sort -u "$touched" | while read -r f; do
	if [ -f "$pristine/$f" ] && [ ! -e "$stage/$f" ]; then
		echo "$f"
	fi
done > "$stage.deleted"
rm -f "$touched"

[ -z "$stage_only" ] || exit 0

# 4. Sync: replace what differs, restore what is no longer ours.
changed=0
(cd "$stage" && find . -type f | sed 's|^\./||' | sort) > "$stage.list"
while read -r f; do
	if ! cmp -s "$stage/$f" "$tree/$f"; then
		mkdir -p "$tree/$(dirname "$f")"
		cp "$stage/$f" "$tree/$f.kt-new"
		mv "$tree/$f.kt-new" "$tree/$f"
		changed=$((changed + 1))
	fi
done < "$stage.list"
while read -r f; do
	# rm unlinks: the pristine copy behind the hard link stays whole.
	if [ -e "$tree/$f" ] || [ -L "$tree/$f" ]; then
		rm -f "$tree/$f"
		echo "kernel-tree: deleted $f"
		changed=$((changed + 1))
	fi
done < "$stage.deleted"
# The manifest names what the project changes and what it deletes, so
# that either comes back from pristine when the project no longer does.
sort "$stage.list" "$stage.deleted" > "$stage.all"
mv "$stage.all" "$stage.list"
if [ -f "$manifest" ]; then
	comm -23 "$manifest" "$stage.list" | while read -r f; do
		if [ -f "$pristine/$f" ]; then
			cp "$pristine/$f" "$tree/$f.kt-new"
			mv "$tree/$f.kt-new" "$tree/$f"
		else
			rm -f "$tree/$f"
		fi
		echo "kernel-tree: restored $f"
	done
fi
mv "$stage.list" "$manifest"
echo "kernel-tree: $tree ready ($changed file(s) updated)"
