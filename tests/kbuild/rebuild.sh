#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The kbuild flow of CONFIG_MODULE_HASHES on an already built kernel
# (build/obj-hash-only, made by the QEMU tests): a second make changes
# nothing, `find -name '*.ko' -delete && make` rebuilds the modules and
# gives the same root, the root inside vmlinux (and so inside bzImage,
# made from it) is modules.root, and every module installed by
# modules_install (compressed ones too) verifies against it.
#
# Then one module's source changes under make, as a developer's edit
# does: first only its time (same content, a new inode), then its
# content, then back. After each make the root in vmlinux is the new
# modules.root, changed exactly when a module's bytes changed, every
# proof of the build tree and of a fresh modules_install verifies
# against the new vmlinux, and the module installed before the edit is
# refused by it. The source is never edited in place: build/linux is a
# hard-linked copy of the pristine tree, so every change is a new file
# renamed over the old one, and the original content comes back the
# same way, whatever happens (trap). Prints TAP lines.
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

# install DIR: make modules_install into DIR and list the installed
# in-tree modules (.ko, or .ko.zst etc. with CONFIG_MODULE_COMPRESS_ALL)
# in DIR.list.
mod_install() {
	rm -rf "$1"
	make -C "$tree" O="$obj" INSTALL_MOD_PATH="$1" modules_install >"$1.log" 2>&1 &&
	find "$1" -path '*/kernel/*' -name '*.ko*' | sort >"$1.list" &&
	[ -s "$1.list" ]
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

if mod_install "$work/inst" &&
   "$soh" verify --vmlinux "$obj/vmlinux" --list "$work/inst.list" >"$work/verify.log" 2>&1; then
	echo "ok - kbuild: all $(wc -l < "$work/inst.list") modules from modules_install verify against vmlinux ($(sed -n '1s/.*\.ko/*.ko/p' "$work/inst.list"))"
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

# ---------------------------------------------------------------------
# One module's source changes under make.

mod=crc7
src=lib/$mod.c
ko=$obj/lib/$mod.ko
# The proofs of the build tree: MODULE.merkle, or MODULE.stripped.merkle
# for a build hashed with INSTALL_MOD_STRIP.
hashed_sfx=
grep -q . "$obj/modules.hashes.strip" 2>/dev/null && hashed_sfx=.stripped

if [ ! -f "$tree/$src" ] || ! grep -qx "lib/$mod.o" "$obj/modules.order"; then
	echo "not ok - kbuild: $src is not a module of $obj"
	exit 0
fi
cp -p "$tree/$src" "$work/$mod.c.orig"

# replace_src FILE: FILE's content becomes the source, as a new inode
# with a new time; the pristine file behind the hard link is untouched.
replace_src() {
	cp "$1" "$tree/$src.kbuild-new" && mv -f "$tree/$src.kbuild-new" "$tree/$src"
}
restored=
restore_src() {
	[ -n "$restored" ] && return
	replace_src "$work/$mod.c.orig"
	restored=1
}
trap restore_src EXIT
trap 'restore_src; exit 1' INT TERM

# tree_proofs: every module of the build tree with its proof appended
# (sign-or-hash prove checks it against the root in vmlinux first), then
# verified with --vmlinux. Prints how many.
tree_proofs() {
	local m b n=0
	rm -rf "$work/proved"
	mkdir -p "$work/proved"
	: >"$work/proved.list"
	while read -r m; do
		m=$obj/${m%.o}.ko$hashed_sfx
		b=$work/proved/$(echo "${m#"$obj"/}" | tr / _)
		"$soh" prove --vmlinux "$obj/vmlinux" "$m" "$m.merkle" "$b" \
			>>"$work/proved.log" 2>&1 || return 1
		echo "$b" >>"$work/proved.list"
		n=$((n + 1))
	done <"$obj/modules.order"
	"$soh" verify --vmlinux "$obj/vmlinux" --list "$work/proved.list" \
		>>"$work/proved.log" 2>&1 || return 1
	echo "$n"
}

# rooted: vmlinux holds modules.root, once.
rooted() {
	python3 - "$obj/vmlinux" "$obj/modules.root" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
root = open(sys.argv[2], "rb").read()
sys.exit(0 if len(root) == 40 and data.count(root) == 1 else 1)
PY
}

# after_make WHAT: the checks every make after a source change must pass.
after_make() {
	local what=$1 n
	if rooted; then
		echo "ok - kbuild: $what: vmlinux holds modules.root"
	else
		echo "not ok - kbuild: $what: vmlinux does not hold modules.root"
	fi
	if n=$(tree_proofs); then
		echo "ok - kbuild: $what: all $n proofs of the build tree verify against the new vmlinux"
	else
		echo "not ok - kbuild: $what: a proof of the build tree does not verify against vmlinux (log: $work/proved.log)"
		grep -v ': verified$' "$work/proved.log" | head -3 | sed 's/^/#   /'
	fi
	if mod_install "$work/inst-new" &&
	   "$soh" verify --vmlinux "$obj/vmlinux" --list "$work/inst-new.list" \
		>"$work/verify-new.log" 2>&1; then
		echo "ok - kbuild: $what: all $(wc -l <"$work/inst-new.list") modules of a fresh modules_install verify against the new vmlinux"
	else
		echo "not ok - kbuild: $what: a fresh modules_install does not verify (log: $work/verify-new.log)"
	fi
}

old_installed=$(grep "/lib/$mod\.ko" "$work/inst.list" 2>/dev/null | head -1)
cp "$ko" "$work/$mod.ko.before"
ko_time=$(stat -c %.9Y "$ko")
cp "$obj/modules.root" "$work/root.before"
sha_vmlinux=$(sha256sum <"$obj/vmlinux")

# 1. touch: the same content as a file of its own (touching the hard
# link would touch the pristine tree too), then touched. make relinks the
# module, and a module that comes out byte-identical changes neither
# the root nor vmlinux.
if replace_src "$work/$mod.c.orig" && touch "$tree/$src" && run_make; then
	if [ "$(stat -c %.9Y "$ko")" != "$ko_time" ]; then
		relinked="relinked"
	else
		relinked="not relinked"
	fi
	if cmp -s "$ko" "$work/$mod.ko.before"; then
		if cmp -s "$obj/modules.root" "$work/root.before" &&
		   [ "$(sha256sum <"$obj/vmlinux")" = "$sha_vmlinux" ]; then
			echo "ok - kbuild: touch $src: $mod.ko $relinked, byte-identical: same root, same vmlinux"
		else
			echo "not ok - kbuild: touch $src: $mod.ko is byte-identical but the root or vmlinux changed"
		fi
	elif ! cmp -s "$obj/modules.root" "$work/root.before"; then
		echo "ok - kbuild: touch $src: $mod.ko came out different, and so did the root"
	else
		echo "not ok - kbuild: touch $src: $mod.ko changed but the root did not"
	fi
	after_make "touch $src"
	if [ -n "$old_installed" ] && cmp -s "$ko" "$work/$mod.ko.before"; then
		if "$soh" verify --vmlinux "$obj/vmlinux" "$old_installed" >"$work/old.log" 2>&1; then
			echo "ok - kbuild: touch $src: the $mod installed before still verifies"
		else
			echo "not ok - kbuild: touch $src: the $mod installed before no longer verifies: $(cat "$work/old.log")"
		fi
	fi
else
	echo "not ok - kbuild: make after touching $src failed (log: $work/make.log)"
fi

# 2. New content: one more modinfo string changes the module's bytes,
# so its leaf, the root and vmlinux change, and the old copy is refused.
{ cat "$work/$mod.c.orig"; echo 'MODULE_INFO(kbuild_test, "changed source");'; } >"$work/$mod.c.changed"
if replace_src "$work/$mod.c.changed" && run_make; then
	if ! cmp -s "$ko" "$work/$mod.ko.before" &&
	   ! cmp -s "$obj/modules.root" "$work/root.before" &&
	   [ "$(sha256sum <"$obj/vmlinux")" != "$sha_vmlinux" ]; then
		echo "ok - kbuild: change $src: $mod.ko, modules.root and vmlinux all changed"
	else
		echo "not ok - kbuild: change $src: $mod.ko, modules.root or vmlinux did not change"
	fi
	after_make "change $src"
	if [ -z "$old_installed" ]; then
		echo "not ok - kbuild: change $src: no $mod installed before to try"
	elif "$soh" verify --vmlinux "$obj/vmlinux" "$old_installed" >"$work/old.log" 2>&1; then
		echo "not ok - kbuild: change $src: the $mod installed before still verifies against the new vmlinux"
	elif grep -q 'untrusted' "$work/old.log"; then
		echo "ok - kbuild: change $src: the $mod installed before is refused: $(sed "s|^$work/||" "$work/old.log")"
	else
		echo "not ok - kbuild: change $src: the $mod installed before fails for another reason: $(cat "$work/old.log")"
	fi
	# The root changed, so every proof did: none of the modules
	# installed before the change verifies any more.
	"$soh" verify --vmlinux "$obj/vmlinux" --list "$work/inst.list" >"$work/old-all.log" 2>&1
	n=$(grep -c ': verified$' "$work/old-all.log")
	if [ "$n" -eq 0 ]; then
		echo "ok - kbuild: change $src: none of the $(wc -l <"$work/inst.list") modules installed before verifies against the new vmlinux"
	else
		echo "not ok - kbuild: change $src: $n modules installed before still verify against the new vmlinux"
	fi
else
	echo "not ok - kbuild: make after changing $src failed (log: $work/make.log)"
fi

# 3. The original content back: the build is reproducible, so the root
# and vmlinux are those from before the change.
restore_src
if run_make && cmp -s "$obj/modules.root" "$work/root.before" &&
   [ "$(sha256sum <"$obj/vmlinux")" = "$sha_vmlinux" ] &&
   "$soh" verify --vmlinux "$obj/vmlinux" "$old_installed" >/dev/null 2>&1; then
	echo "ok - kbuild: restore $src: the root and vmlinux are back, and the $mod installed before verifies again"
else
	echo "not ok - kbuild: restore $src: the build did not come back to the root and vmlinux of before"
fi
exit 0
