#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# mk/mkpatch.sh WORKDIR OUT SUBJECT BODY FILE...
#
# Writes patches/6.12/OUT, a git-style patch of FILE... between
# WORKDIR/a (pristine) and WORKDIR/b (edited), with a kernel-style commit
# message. To change a patch: copy the files it touches from the pristine
# tree into WORKDIR/a and WORKDIR/b, apply the patch to WORKDIR/b
# (patch -d WORKDIR/b -p1), edit there, and run this again. A FILE that
# is in WORKDIR/a but not in WORKDIR/b is deleted by the patch.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
work=$1 out=$2 subject=$3 body=$4
shift 4

{
	echo "From: Module Integrity Team <dev@module-integrity.invalid>"
	echo "Subject: [PATCH] $subject"
	echo
	echo "$body" | fold -s -w 72 | sed 's/ *$//'
	echo
	echo "Signed-off-by: Module Integrity Team <dev@module-integrity.invalid>"
	echo "---"
	for f in "$@"; do
		# git diff --no-index exits 1 when the files differ.
		if [ -e "$work/a/$f" ] && [ ! -e "$work/b/$f" ]; then
			# A deletion: git names both sides a/FILE, say b/FILE.
			{ (cd "$work" && git diff --no-index --no-prefix "a/$f" /dev/null) ||
				[ $? -eq 1 ]; } |
				sed "1s|^diff --git a/$f a/$f\$|diff --git a/$f b/$f|"
		else
			(cd "$work" && git diff --no-index --no-prefix "a/$f" "b/$f") || [ $? -eq 1 ]
		fi
	done
} > "$top/patches/6.12/$out"
grep -qxF "$out" "$top/patches/6.12/series" || echo "$out" >> "$top/patches/6.12/series"
