#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make qemu-test: boots real kernels and checks, module by module, what
# they do with in-tree, out-of-tree, tampered, foreign, malformed,
# compressed and stripped modules (DESIGN.md 4.2 and 7).
#
# For each kernel (hash-only, sig-only, both):
#   1. configure (mk/kernel-config.sh qemu-x86_64 KERNEL compress-FORMAT)
#      and build it with plain `make` in build/obj-KERNEL (ccache, shared
#      with the other builds: never cleaned here);
#   2. `make modules_install` into build/qemu/KERNEL/stage, build and
#      install the out-of-tree modules of tests/qemu/extmod with `make M=`;
#   3. make the module variants of tests/qemu/cases.tsv on the host and an
#      initramfs (busybox, kmod, keyctl, tests/qemu/loadmod.c, the
#      modules, tests/qemu/init.sh as /init);
#   4. boot it once per mode (permissive, enforcing, lockdown, narrow)
#      in qemu-system-x86_64 (KVM when it works, TCG otherwise);
#   5. compare every case with tests/qemu/expected.tsv.
#
# Prints TAP: "ok - qemu KERNEL/MODE: CASE: ..." or "not ok - ...". Exits
# 0 when the tests ran, whatever they found (mk/check.sh counts them),
# and 2 when something around them broke (a build, a tool, the initramfs).
#
# Environment:
#   QEMU_KERNELS   kernels to test (default: hash-only sig-only both)
#   QEMU_MODES     modes to boot (default: permissive enforcing lockdown narrow)
#   QEMU_ACCEL     kvm or tcg (default: probe KVM, fall back to TCG)
#   QEMU_TIMEOUT   seconds per boot (default 600)
#   QEMU_JOBS      boots at once (default 2)
#   JOBS           make -j (default 2)
#   QEMU_OBJ       where the kernels are built: QEMU_OBJ<kernel> (default
#                  build/obj-, the folders the other builds use too)
#   QEMU_OUT       where the rest goes (default build/qemu)
#   QEMU_REUSE=1   reuse the kernels and installed modules of the last run
#                  (skips steps 1-2: for working on the cases and the table)
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
. mk/initramfs-lib.sh

kernels=${QEMU_KERNELS:-hash-only sig-only both}
modes=${QEMU_MODES:-permissive enforcing lockdown narrow}
boot_timeout=${QEMU_TIMEOUT:-600}
qjobs=${QEMU_JOBS:-2}
jobs=${JOBS:-2}
out=${QEMU_OUT:-$top/build/qemu}
objs=${QEMU_OBJ:-$top/build/obj-}
case "$objs" in /*) ;; *) objs=$top/$objs ;; esac
case "$out" in /*) ;; *) out=$top/$out ;; esac
soh=$top/build/bin/sign-or-hash
keys=$top/tests/keys
qdir=$top/tests/qemu
export CCACHE_DIR=${CCACHE_DIR:-$top/build/ccache}

# What mode means on the kernel command line.
declare -A mode_args=(
	[permissive]=""
	[enforcing]="module.sig_enforce=1"
	[lockdown]="lockdown=integrity"
	[narrow]="module.integrity_mechanisms=@NARROW@"
)
# The mechanism the narrow mode keeps (tests/qemu/mkexpected.py agrees).
declare -A narrow=([hash-only]=merkle [sig-only]=pkcs7 [both]=merkle)
# Kernels whose build and install use INSTALL_MOD_STRIP=1, so that both
# stripped and unstripped in-tree modules are tested.
declare -A strip=([hash-only]="" [sig-only]=1 [both]=1)
# How each kernel compresses its modules (Kconfig.fragments/compress-*):
# 6.12 decompresses one format. hash-only has CONFIG_MODULE_COMPRESS_ALL,
# so modules_install itself makes .ko.zst after appending the proofs;
# sig-only and both install plain .ko and read .ko.xz. mkexpected.py's
# COMPRESS and mk/repro-check.sh agree.
declare -A compress=([hash-only]=zstd [sig-only]=xz [both]=xz)
# Modules that cannot initialise in QEMU whatever their integrity.
parallel_skip="x86_pkg_temp_thermal"

t_start=$(date +%s)

infra() {
	echo "qemu-test: $*" >&2
	echo "Bail out! qemu-test: $*"
	exit 2
}

note() {
	echo "# $*"
}

for cmd in qemu-system-x86_64 busybox keyctl kmod xz zstd cpio gzip gcc python3 strip; do
	command -v "$cmd" >/dev/null || infra "$cmd is missing (make deps)"
done
busybox_bin=$(command -v busybox)
file -L "$busybox_bin" 2>/dev/null | grep -q 'statically linked' ||
	infra "$busybox_bin is not static (install busybox-static)"
[ -x "$soh" ] || infra "$soh is missing (make tool)"

mkdir -p "$out"
if [ -z "${QEMU_REUSE:-}" ]; then
	mk/kernel-tree.sh >"$out/kernel-tree.log" 2>&1 ||
		infra "mk/kernel-tree.sh failed: $(tail -3 "$out/kernel-tree.log")"
fi
gcc -static -O2 -Wall -Wextra -o "$out/loadmod" "$qdir/loadmod.c" ||
	infra "cannot build tests/qemu/loadmod.c statically"

# ---------------------------------------------------------------------
# Build and install one kernel.

build_kernel() {
	local k=$1 obj=$objs$1 kout=$out/$1 t0
	local -a mk=(make -C "$top/build/linux" O="$obj" CC="ccache gcc")
	[ -n "${strip[$k]}" ] && mk+=(INSTALL_MOD_STRIP=1)

	mkdir -p "$kout"
	t0=$(date +%s)
	mk/kernel-config.sh "$obj" qemu-x86_64 "$k" "compress-${compress[$k]}" \
		>"$kout/config.log" 2>&1 ||
		infra "$k: mk/kernel-config.sh failed: $(tail -3 "$kout/config.log")"
	"${mk[@]}" -j"$jobs" >"$kout/build.log" 2>&1 ||
		infra "$k: kernel build failed, see $kout/build.log: $(tail -5 "$kout/build.log")"
	note "$k: kernel built in $(($(date +%s) - t0))s"

	rm -rf "$kout/stage"
	"${mk[@]}" INSTALL_MOD_PATH="$kout/stage" modules_install >"$kout/install.log" 2>&1 ||
		infra "$k: make modules_install failed: $(tail -5 "$kout/install.log")"

	rm -rf "$kout/extmod"
	cp -r "$qdir/extmod" "$kout/extmod"
	"${mk[@]}" M="$kout/extmod" modules >"$kout/extmod.log" 2>&1 ||
		infra "$k: building tests/qemu/extmod failed: $(tail -5 "$kout/extmod.log")"
	# As DKMS does: into updates/, signed if the build has a key.
	"${mk[@]}" M="$kout/extmod" INSTALL_MOD_PATH="$kout/stage" modules_install \
		>"$kout/extmod-install.log" 2>&1 ||
		infra "$k: make M=... modules_install failed: $(tail -5 "$kout/extmod-install.log")"
}

# ---------------------------------------------------------------------
# Installed modules, compressed or not.

# installed_suffix KERNEL: what modules_install adds to a module's name
# (.zst with CONFIG_MODULE_COMPRESS_ALL and _ZSTD), from the .config built.
installed_suffix() {
	local cfg=$objs$1/.config
	grep -qx 'CONFIG_MODULE_COMPRESS_ALL=y' "$cfg" || return 0
	if grep -qx 'CONFIG_MODULE_COMPRESS_ZSTD=y' "$cfg"; then
		echo .zst
	elif grep -qx 'CONFIG_MODULE_COMPRESS_XZ=y' "$cfg"; then
		echo .xz
	elif grep -qx 'CONFIG_MODULE_COMPRESS_GZIP=y' "$cfg"; then
		echo .gz
	fi
}

# installed_list KERNEL MODDIR: the installed in-tree modules, in
# modules.order order.
installed_list() {
	sed -e "s|^|$2/kernel/|" -e "s|\.o\$|.ko$(installed_suffix "$1")|" \
		"$objs$1/modules.order"
}

# plain_name PATH: the name of the module without compression (foo.ko).
plain_name() {
	local b=${1##*/}
	echo "${b%.ko*}.ko"
}

# plain SRC DEST: DEST is module SRC decompressed, trailer and all: the
# module as modules_install proved or signed it, before compressing it.
plain() {
	case "$1" in
	*.ko.zst) zstd -q -d -c "$1" >"$2" ;;
	*.ko.xz) xz -d -c "$1" >"$2" ;;
	*.ko.gz) gzip -d -c "$1" >"$2" ;;
	*) cp "$1" "$2" ;;
	esac
}

# ---------------------------------------------------------------------
# What modules_install gave the in-tree modules, checked offline with
# sign-or-hash against the vmlinux that was booted: TAP lines.

check_install() {
	local k=$1 obj=$objs$1 kout=$out/$1 kver mods list n bad
	kver=$(cat "$obj/include/config/kernel.release")
	mods=$kout/stage/lib/modules/$kver
	list=$kout/installed.list
	installed_list "$k" "$mods" >"$list"
	n=$(wc -l <"$list")
	check_compressed "$k" "$mods" "$list"
	local -a against=()
	if [ "$k" = sig-only ]; then
		against=(--cert "$obj/certs/signing_key.x509")
	else
		against=(--vmlinux "$obj/vmlinux")
	fi
	"$soh" verify "${against[@]}" --list "$list" >"$kout/verify.log" 2>&1
	bad=$(grep -vc ': verified$' "$kout/verify.log")
	if [ "$bad" -eq 0 ]; then
		echo "ok - qemu $k: all $n installed in-tree modules verify offline (${against[*]##*/})"
	else
		echo "not ok - qemu $k: $bad of $n installed in-tree modules do not verify offline against ${against[*]##*/}"
		grep -v ': verified$' "$kout/verify.log" | head -5 | sed "s|$mods/||; s/^/#   /"
	fi
	if [ "$k" != sig-only ] && "$soh" show "$(head -1 "$list")" | grep -q 'trailer: none'; then
		# Without the kbuild flow there is nothing to boot-test with:
		# append proofs from a tree made here, so that the rest runs.
		# The kernel's root cannot match them; the cases will say so.
		echo "# $k: modules_install appended no Merkle proofs: using proofs of a host-made tree"
		tree_over "$kout/emulated" "$list" || return 1
		while read -r m; do
			"$soh" prove --root "$kout/emulated/root" "$m" \
				"$kout/emulated/$(plain_name "$m").merkle" >/dev/null || return 1
		done <"$list"
	fi
	return 0
}

# check_compressed KERNEL MODDIR LIST: with CONFIG_MODULE_COMPRESS_ALL,
# modules_install must have compressed every in-tree module (after its
# proof or signature: check_install verifies them as they are), left no
# plain copy behind, and depmod must name the compressed files.
check_compressed() {
	local k=$1 mods=$2 list=$3 sfx n bad=0 m
	sfx=$(installed_suffix "$k")
	[ -n "$sfx" ] || return 0
	n=$(wc -l <"$list")
	while read -r m; do
		case "$sfx" in
		.zst) zstd -q -t "$m" 2>/dev/null ;;
		.xz) xz -q -t "$m" 2>/dev/null ;;
		.gz) gzip -q -t "$m" 2>/dev/null ;;
		esac || { bad=$((bad + 1)); echo "#   not a $sfx file: ${m#"$mods"/}"; }
		[ -e "${m%"$sfx"}" ] && { bad=$((bad + 1)); echo "#   plain copy left: ${m#"$mods"/}"; }
	done <"$list"
	if [ "$bad" -eq 0 ]; then
		echo "ok - qemu $k: modules_install compressed all $n in-tree modules into .ko$sfx"
	else
		echo "not ok - qemu $k: modules_install did not compress every in-tree module into .ko$sfx"
	fi
	bad=$(sed -e "s|^$mods/||" "$list" | while read -r m; do
		grep -q "^$m:" "$mods/modules.dep" || echo "$m"
	done | wc -l)
	if [ "$bad" -eq 0 ]; then
		echo "ok - qemu $k: modules.dep names the installed .ko$sfx files"
	else
		echo "not ok - qemu $k: $bad installed .ko$sfx modules are not in modules.dep"
	fi
}

# ---------------------------------------------------------------------
# The module variants of cases.tsv, into build/qemu/KERNEL/t.

# tree_over DIR LIST: a Merkle tree over bare, uncompressed copies of the
# modules of LIST (paths), in DIR, named NAME.ko; makes DIR/root.
tree_over() {
	local dir=$1 list=$2 m b
	rm -rf "$dir"
	mkdir -p "$dir"
	: >"$dir/list"
	while read -r m; do
		b=$(plain_name "$m")
		plain "$m" "$dir/$b.in" &&
		"$soh" strip "$dir/$b.in" "$dir/$b" >/dev/null &&
		rm "$dir/$b.in" || return 1
		echo "$dir/$b" >>"$dir/list"
	done <"$list"
	"$soh" tree --root-out "$dir/root" --list "$dir/list" >/dev/null || return 1
}

make_variants() {
	local k=$1 obj=$objs$1 kout=$out/$1 kver mods t w v
	kver=$(cat "$obj/include/config/kernel.release")
	mods=$kout/stage/lib/modules/$kver
	t=$kout/t
	w=$kout/work
	v=$qdir/variant.py
	rm -rf "$w" "$t"
	mkdir -p "$w" "$t"

	# The installed modules, in modules.order order, compressed when
	# modules_install compressed them (hash-only: .ko.zst).
	local sfx crc7
	sfx=$(installed_suffix "$k")
	installed_list "$k" "$mods" >"$w/installed.list"
	crc7=$(grep -E '/crc7\.ko(\.[a-z]+)?$' "$w/installed.list") || return 1
	[ -f "$crc7" ] || return 1

	# Every variant starts from the installed crc7 decompressed: the
	# module as modules_install proved or signed it, trailer and all.
	plain "$crc7" "$t/crc7.ko" || return 1
	"$soh" strip "$t/crc7.ko" "$w/crc7-bare.ko" >/dev/null || return 1

	# A Merkle proof and a CA signature on the same bare module. On a
	# kernel without Merkle proofs the proof is against a tree made
	# here, which makes no difference: the kernel cannot check it.
	if [ "$k" = sig-only ]; then
		tree_over "$w/own" "$w/installed.list" || return 1
		"$soh" prove --root "$w/own/root" "$w/own/crc7.ko" "$w/own/crc7.ko.merkle" \
			"$t/crc7-merkle.ko" >/dev/null || return 1
	else
		cp "$t/crc7.ko" "$t/crc7-merkle.ko"
	fi
	"$soh" sign sha256 "$keys/ca.key.pem" "$keys/ca.pem" "$w/crc7-bare.ko" \
		"$t/crc7-pkcs7.ko" || return 1

	# Compressed: the installed file itself where modules_install
	# compressed it, else made here as modules_install would.
	if [ "$sfx" = .xz ]; then
		cp "$crc7" "$t/crc7.ko.xz"
	else
		xz --check=crc32 --lzma2=dict=1MiB -c "$t/crc7.ko" >"$t/crc7.ko.xz"
	fi || return 1
	if [ "$sfx" = .zst ]; then
		cp "$crc7" "$t/crc7.ko.zst"
	else
		zstd -q -c "$t/crc7.ko" >"$t/crc7.ko.zst"
	fi || return 1
	strip --strip-debug -o "$t/crc7-strip-after.ko" "$t/crc7.ko" || return 1
	# Straight from the build tree: modules_install never saw it.
	cp "$obj/$(grep '/crc7\.o$' "$obj/modules.order" | sed 's/\.o$/.ko/')" \
		"$t/crc7-build-tree.ko" || return 1

	# From the installed file as it is: variant.py decompresses it.
	python3 "$v" flip --text "$crc7" "$t/crc7-flip-code.ko" &&
	python3 "$v" flip --path "$t/crc7-merkle.ko" "$t/crc7-flip-proof.ko" &&
	python3 "$v" proof --same-depth-index "$t/crc7-merkle.ko" "$t/crc7-flip-index.ko" &&
	python3 "$v" flip --payload-end "$t/crc7-pkcs7.ko" "$t/crc7-flip-sig.ko" || return 1

	# Another build of the same version: one other module differs, so
	# every proof changes; and a build with one module less.
	local other
	other=$(grep -v -E '/crc7\.ko(\.[a-z]+)?$' "$w/installed.list" | head -1)
	tree_over "$w/other-build" "$w/installed.list" || return 1
	python3 "$v" flip --text "$w/other-build/$(plain_name "$other")" "$w/flipped.ko" &&
		mv "$w/flipped.ko" "$w/other-build/$(plain_name "$other")" || return 1
	"$soh" tree --root-out "$w/other-build/root" --list "$w/other-build/list" >/dev/null &&
	"$soh" prove --root "$w/other-build/root" "$w/other-build/crc7.ko" \
		"$w/other-build/crc7.ko.merkle" "$t/crc7-other-build.ko" >/dev/null || return 1
	grep -v -F "$other" "$w/installed.list" >"$w/fewer.list"
	tree_over "$w/other-size" "$w/fewer.list" &&
	"$soh" prove --root "$w/other-size/root" "$w/other-size/crc7.ko" \
		"$w/other-size/crc7.ko.merkle" "$t/crc7-other-size.ko" >/dev/null || return 1
	"$soh" sign sha256 "$keys/unknown.key.pem" "$keys/unknown.pem" "$w/crc7-bare.ko" \
		"$t/crc7-other-key.ko" || return 1

	# Malformed trailers: framing, then the Merkle proof, then PKCS#7.
	local m=$t/crc7-merkle.ko
	python3 "$v" sig --sig-len +100000 "$m" "$t/crc7-sig-len.ko" &&
	python3 "$v" sig --sig-len 0 "$m" "$t/crc7-sig-len-zero.ko" &&
	python3 "$v" sig --algo 1 "$m" "$t/crc7-sig-reserved.ko" &&
	python3 "$v" sig --id-type 7 "$m" "$t/crc7-unknown-type.ko" &&
	python3 "$v" proof --version 2 "$m" "$t/crc7-proof-version.ko" &&
	python3 "$v" proof --hash-algo 5 "$m" "$t/crc7-proof-algo.ko" &&
	python3 "$v" proof --reserved 1 "$m" "$t/crc7-proof-reserved.ko" &&
	python3 "$v" proof --path-len +1 "$m" "$t/crc7-proof-path-len.ko" &&
	python3 "$v" proof --truncate 8 "$m" "$t/crc7-proof-truncated.ko" &&
	python3 "$v" proof --leaf-index 100000 "$m" "$t/crc7-proof-index.ko" &&
	python3 "$v" payload --junk 200 --id-type 2 "$t/crc7-pkcs7.ko" "$t/crc7-pkcs7-junk.ko" ||
		return 1

	# Out-of-tree modules.
	local hello=$kout/extmod/mi_hello.ko
	cp "$hello" "$t/mi_hello.ko"
	"$soh" sign sha256 "$keys/ca.key.pem" "$keys/ca.pem" "$hello" "$t/mi_hello-ca.ko" &&
	"$soh" sign sha256 "$keys/unknown.key.pem" "$keys/unknown.pem" "$hello" \
		"$t/mi_hello-unknown.ko" &&
	"$soh" sign sha256 "$keys/secondary.key.pem" "$keys/secondary.pem" "$hello" \
		"$t/mi_hello-secondary.ko" &&
	python3 "$v" flip --string "init ran" "$t/mi_hello-ca.ko" "$t/mi_hello-modified.ko" &&
	xz --check=crc32 --lzma2=dict=1MiB -c "$t/mi_hello-ca.ko" >"$t/mi_hello-ca.ko.xz" &&
	zstd -q -c "$t/mi_hello-ca.ko" >"$t/mi_hello-ca.ko.zst" ||
		return 1
	cp "$keys/secondary.der" "$t/secondary.der"
	# make M=... modules_install compresses external modules too.
	plain "$mods/updates/mi_hello.ko$sfx" "$t/mi_hello-installed.ko" || return 1

	# mi_dep goes where DKMS would put it, signed (and compressed like
	# the rest), and depmod finds it.
	mkdir -p "$mods/updates"
	rm -f "$mods/updates/mi_dep.ko" "$mods/updates/mi_dep.ko$sfx"
	"$soh" sign sha256 "$keys/ca.key.pem" "$keys/ca.pem" "$kout/extmod/mi_dep.ko" \
		"$mods/updates/mi_dep.ko" || return 1
	case "$sfx" in
	.zst) zstd -q --rm "$mods/updates/mi_dep.ko" ;;
	.xz) xz --check=crc32 --lzma2=dict=1MiB "$mods/updates/mi_dep.ko" ;;
	.gz) gzip -n "$mods/updates/mi_dep.ko" ;;
	esac || return 1
	depmod -b "$kout/stage" "$kver" || return 1
}

# The same files, judged offline by sign-or-hash for this kernel: its
# root in vmlinux, the certificates built into it.
offline_check() {
	local k=$1 obj=$objs$1
	local -a desc=()
	[ "$k" != sig-only ] && desc+=(--vmlinux "$obj/vmlinux")
	[ "$k" != hash-only ] && desc+=(--cert "$keys/ca.pem")
	[ "$k" = sig-only ] && desc+=(--cert "$obj/certs/signing_key.x509")
	python3 "$qdir/offline.py" --expected "$qdir/expected.tsv" \
		--cases "$qdir/cases.tsv" --kernel "$k" --dir "$out/$k/t" \
		--soh "$soh" -- "${desc[@]}"
}

# ---------------------------------------------------------------------
# The initramfs.

kmod_tools="modprobe insmod rmmod lsmod modinfo depmod"

make_initramfs() {
	local k=$1 obj=$objs$1 kout=$out/$1 root kver a
	kver=$(cat "$obj/include/config/kernel.release")
	root=$kout/initramfs
	rm -rf "$root"
	mkdir -p "$root"/{bin,sbin,lib/modules,proc,sys,dev,tmp,etc}
	cp -a "$kout/t" "$root/t"

	cp "$busybox_bin" "$root/bin/busybox"
	# Busybox's module tools stay out: kmod's are the ones under test
	# (init.sh calls them by path, as busybox sh prefers its applets).
	for a in $("$busybox_bin" --list); do
		case " $kmod_tools " in *" $a "*) continue ;; esac
		[ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
	done
	copy_with_libs "$(command -v kmod)" /sbin/kmod "$root" || return 1
	for a in $kmod_tools; do
		ln -sf kmod "$root/sbin/$a"
	done
	copy_with_libs "$(command -v keyctl)" /sbin/keyctl "$root" || return 1
	cp "$out/loadmod" "$root/sbin/loadmod"

	cp -a "$kout/stage/lib/modules/$kver" "$root/lib/modules/"
	cp "$qdir/init.sh" "$root/init"
	chmod 755 "$root/init"
	cp "$qdir/cases.tsv" "$root/cases.tsv"
	echo "$k" >"$root/kernel-name"
	printf '%s\n' $parallel_skip >"$root/parallel-skip"

	(cd "$root" && find . | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$kout/initramfs.cpio.gz"
}

# ---------------------------------------------------------------------
# Booting.

accel=
probe_accel() {
	local bz=$1 log=$out/kvm-probe.log
	if [ -n "${QEMU_ACCEL:-}" ]; then
		accel=$QEMU_ACCEL
		return
	fi
	accel=tcg
	[ -r /dev/kvm ] && [ -w /dev/kvm ] || return
	# Nested KVM can hang without a word: boot to the "no init" panic
	# with a short timeout and believe KVM only if that panic shows.
	timeout 20 qemu-system-x86_64 -accel kvm -cpu host -m 256 -nographic \
		-no-reboot -kernel "$bz" -append "console=ttyS0 panic=-1" \
		</dev/null >"$log" 2>&1
	grep -q 'Kernel panic' "$log" && accel=kvm
}

qemu_accel_args() {
	if [ "$accel" = kvm ]; then
		echo "-accel kvm -cpu host"
	else
		echo "-accel tcg"
	fi
}

# boot KERNEL MODE: writes build/qemu/KERNEL/MODE.log and .status.
boot() {
	local k=$1 mode=$2 kout=$out/$1 args t0 rc smp=
	args=${mode_args[$mode]//@NARROW@/${narrow[$k]}}
	# Two CPUs when the kernel can use them, for the parallel loads.
	grep -qx 'CONFIG_SMP=y' "$objs$k/.config" && smp="-smp 2"
	t0=$(date +%s)
	# shellcheck disable=SC2046,SC2086 # word splitting wanted
	timeout "$boot_timeout" qemu-system-x86_64 $(qemu_accel_args) -m 512 $smp \
		-nographic -no-reboot \
		-kernel "$objs$k/arch/x86/boot/bzImage" \
		-initrd "$kout/initramfs.cpio.gz" \
		-append "console=ttyS0 panic=-1 $args" \
		</dev/null >"$kout/$mode.log" 2>&1
	rc=$?
	if [ $rc -eq 124 ]; then
		echo "timeout after ${boot_timeout}s" >"$kout/$mode.status"
	else
		echo "exit $rc after $(($(date +%s) - t0))s" >"$kout/$mode.status"
	fi
}

# ---------------------------------------------------------------------

echo "TAP version 13"
for k in $kernels; do
	case "$k" in
	hash-only|sig-only|both) ;;
	*) infra "unknown kernel $k" ;;
	esac
	if [ -z "${QEMU_REUSE:-}" ]; then
		build_kernel "$k"
	else
		[ -d "$out/$k/stage" ] || infra "$k: nothing to reuse (run without QEMU_REUSE)"
	fi
	t0=$(date +%s)
	check_install "$k" || infra "$k: checking the installed modules failed"
	make_variants "$k" || infra "$k: making the module variants failed"
	make_initramfs "$k" || infra "$k: making the initramfs failed"
	note "$k: variants and initramfs in $(($(date +%s) - t0))s"
	offline_check "$k" || infra "$k: tests/qemu/offline.py failed"
	[ -n "$accel" ] || { probe_accel "$objs$k/arch/x86/boot/bzImage"; note "accelerator: $accel"; }

	t0=$(date +%s)
	running=0
	for mode in $modes; do
		[ -n "${mode_args[$mode]+set}" ] || infra "unknown mode $mode"
		boot "$k" "$mode" &
		running=$((running + 1))
		if [ $running -ge "$qjobs" ]; then
			wait -n
			running=$((running - 1))
		fi
	done
	wait
	note "$k: $(echo "$modes" | wc -w) boots in $(($(date +%s) - t0))s ($accel)"

	for mode in $modes; do
		python3 "$qdir/compare.py" --expected "$qdir/expected.tsv" \
			--kernel "$k" --mode "$mode" --log "$out/$k/$mode.log" \
			--status "$(cat "$out/$k/$mode.status")" ||
			infra "$k/$mode: tests/qemu/compare.py failed"
	done
done
note "qemu-test: $(($(date +%s) - t_start))s in all"
exit 0
