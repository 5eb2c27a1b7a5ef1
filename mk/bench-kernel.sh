#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make bench, kernel side: how long a booted kernel takes to check a
# module, per mechanism, and how many bytes each mechanism adds.
#
#   1. lay a working tree of its own (build/bench/kernel/linux: the project
#      plus synthetic in-tree modules of 16 KiB to 16 MiB written by
#      mk/bench-synthetic.py) and build the qemu-x86_64 + both + bench
#      kernel in build/bench/kernel/obj; modules_install (stripped, proved);
#   2. make an RSA-4096 and an ECDSA P-384 signing key whose certificates
#      the test CA issued, and from every installed in-tree module three
#      files: as installed (Merkle proof), signed with RSA-4096, signed
#      with P-384 (both SHA-256);
#   3. boot it in QEMU (KVM when it works, else TCG with -cpu max) with
#      mk/bench-guest-init.sh as /init: the certificates go to the
#      secondary keyring, then each file is loaded with finit_module()
#      BENCH_KERNEL_REPS times while the function_graph tracer times
#      mod_merkle_check() and mod_pkcs7_check(), then each Merkle file
#      BENCH_KERNEL_REPS times more while it times mod_sha256() alone (the
#      bare SHA-256 of the module: the crypto API's fastest, the very
#      digest the Merkle check starts with);
#   4. write build/bench/kernel/guest.tsv (one line per load) and
#      sizes.tsv (trailer bytes per module and mechanism) for
#      mk/bench-report.py.
#
# Environment:
#   BENCH_KERNEL_SIZES  data sizes of the synthetic modules (default
#                       "16k 36k 80k 256k 1m 4m 16m": with their code,
#                       about the 25th, 50th and 75th percentile of the
#                       Debian 6.12 modules, then larger ones)
#   BENCH_KERNEL_REPS   loads of each file (default 7)
#   QEMU_ACCEL          kvm or tcg (default: probe KVM, fall back to TCG)
#   JOBS                make -j (default 2)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. mk/initramfs-lib.sh
out=$top/build/bench/kernel
tree=$out/linux
obj=$out/obj
stage=$out/stage
keys=$out/keys
soh=$top/build/bin/sign-or-hash
sizes=${BENCH_KERNEL_SIZES:-16k 36k 80k 256k 1m 4m 16m}
reps=${BENCH_KERNEL_REPS:-7}
jobs=${JOBS:-2}
export CCACHE_DIR=${CCACHE_DIR:-$top/build/ccache}
# Paths under the bench folder hash the same from run to run.
export CCACHE_BASEDIR=$out

say() { echo "bench-kernel: $*" >&2; }
die() { echo "bench-kernel: error: $*" >&2; exit 1; }

for cmd in qemu-system-x86_64 busybox keyctl cpio gzip gcc openssl python3; do
	command -v "$cmd" >/dev/null || die "$cmd is missing (make deps)"
done
[ -x "$soh" ] || die "$soh is missing (make tool)"

# ---------------------------------------------------------------------
# 1. The tree and the kernel.

lay_tree() {
	local misc pristine
	KERNEL_TREE=$tree mk/kernel-tree.sh >&2
	python3 mk/bench-synthetic.py "$tree/drivers/misc/mi_bench" $sizes
	# drivers/misc/Makefile is a hard link to the pristine source: write
	# a new file rather than edit it in place.
	pristine=$(mk/kernel-src.sh)
	misc=$tree/drivers/misc/Makefile
	{ cat "$pristine/drivers/misc/Makefile"; echo 'obj-m += mi_bench/'; } >"$misc.new"
	if cmp -s "$misc.new" "$misc"; then
		rm "$misc.new"
	else
		mv "$misc.new" "$misc"
	fi
}

build_kernel() {
	local -a mk=(make -C "$tree" O="$obj" CC="ccache gcc" INSTALL_MOD_STRIP=1)

	KERNEL_TREE=$tree mk/kernel-config.sh "$obj" qemu-x86_64 both bench >&2
	say "building the bench kernel in $obj"
	nice "${mk[@]}" -j"$jobs" >"$out/build.log" 2>&1 ||
		die "kernel build failed, see $out/build.log"
	rm -rf "$stage"
	"${mk[@]}" INSTALL_MOD_PATH="$stage" modules_install >"$out/install.log" 2>&1 ||
		die "modules_install failed, see $out/install.log"
}

# ---------------------------------------------------------------------
# 2. Keys and module files.

make_keys() {
	local ca=$top/tests/keys
	[ -f "$keys/p384.der" ] && return
	rm -rf "$keys"
	mkdir -p "$keys"
	openssl req -new -newkey rsa:4096 -nodes -sha256 \
		-subj "/O=module-integrity bench/CN=RSA-4096 bench key (NOT FOR PRODUCTION)" \
		-keyout "$keys/rsa4096.key.pem" -out "$keys/rsa4096.csr" 2>/dev/null
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:secp384r1 -nodes -sha256 \
		-subj "/O=module-integrity bench/CN=P-384 bench key (NOT FOR PRODUCTION)" \
		-keyout "$keys/p384.key.pem" -out "$keys/p384.csr" 2>/dev/null
	local k serial=100
	for k in rsa4096 p384; do
		serial=$((serial + 1))
		openssl x509 -req -in "$keys/$k.csr" -CA "$ca/ca.pem" -CAkey "$ca/ca.key.pem" \
			-set_serial "$serial" -days 36500 -sha256 -extfile "$ca/ca.cnf" \
			-extensions secondary_ext -out "$keys/$k.pem" 2>/dev/null
		openssl x509 -in "$keys/$k.pem" -outform DER -out "$keys/$k.der"
	done
}

# module_files: build/bench/kernel/initramfs/m and bench.list, sizes.tsv.
module_files() {
	local kver mods root=$out/initramfs name m bare
	kver=$(cat "$obj/include/config/kernel.release")
	mods=$stage/lib/modules/$kver/kernel
	rm -rf "$root" "$out/bare"
	mkdir -p "$root/m" "$out/bare"
	: >"$root/bench.list"
	printf 'module\tbytes\tmerkle\trsa4096\tp384\n' >"$out/sizes.tsv"
	while read -r m; do
		m=$mods/${m%.o}.ko
		name=$(basename "$m" .ko)
		bare=$out/bare/$name.ko
		"$soh" strip "$m" "$bare" >/dev/null
		cp "$m" "$root/m/$name.merkle.ko"
		"$soh" sign sha256 "$keys/rsa4096.key.pem" "$keys/rsa4096.pem" "$bare" \
			"$root/m/$name.rsa4096.ko"
		"$soh" sign sha256 "$keys/p384.key.pem" "$keys/p384.pem" "$bare" \
			"$root/m/$name.p384.ko"
		printf '%s merkle %s.merkle.ko\n%s rsa4096 %s.rsa4096.ko\n%s p384 %s.p384.ko\n' \
			"$name" "$name" "$name" "$name" "$name" "$name" >>"$root/bench.list"
		printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$(stat -c %s "$bare")" \
			"$(($(stat -c %s "$root/m/$name.merkle.ko") - $(stat -c %s "$bare")))" \
			"$(($(stat -c %s "$root/m/$name.rsa4096.ko") - $(stat -c %s "$bare")))" \
			"$(($(stat -c %s "$root/m/$name.p384.ko") - $(stat -c %s "$bare")))" \
			>>"$out/sizes.tsv"
	done <"$obj/modules.order"
	# Every file must pass offline before the guest times it.
	"$soh" verify --vmlinux "$obj/vmlinux" --cert "$keys/rsa4096.pem" \
		--cert "$keys/p384.pem" "$root"/m/*.ko >"$out/verify.log" 2>&1 ||
		die "the bench modules do not verify offline, see $out/verify.log"
}

make_initramfs() {
	local root=$out/initramfs a bb
	bb=$(command -v busybox)
	mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,certs}
	cp "$bb" "$root/bin/busybox"
	for a in $("$bb" --list); do
		[ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
	done
	copy_with_libs "$(command -v keyctl)" /sbin/keyctl "$root"
	gcc -static -O2 -Wall -o "$root/sbin/loadmod" tests/qemu/loadmod.c
	cp "$keys/rsa4096.der" "$keys/p384.der" "$root/certs/"
	cp mk/bench-guest-init.sh "$root/init"
	chmod 755 "$root/init"
	echo "$reps" >"$root/reps"
	(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
		gzip -1 >"$out/initramfs.cpio.gz"
}

# ---------------------------------------------------------------------
# 3. The boot.

probe_accel() {
	local bz=$1
	if [ -n "${QEMU_ACCEL:-}" ]; then
		echo "$QEMU_ACCEL"
		return
	fi
	# Nested KVM can hang without a word: believe it only when a boot
	# reaches the "no init" panic within seconds.
	if [ -r /dev/kvm ] && [ -w /dev/kvm ] &&
		timeout 20 qemu-system-x86_64 -accel kvm -cpu host -m 256 -nographic \
			-no-reboot -kernel "$bz" -append "console=ttyS0 panic=-1" \
			</dev/null 2>&1 | grep -q 'Kernel panic'; then
		echo kvm
	else
		echo tcg
	fi
}

boot() {
	local bz=$obj/arch/x86/boot/bzImage accel cpu t0
	accel=$(probe_accel "$bz")
	if [ "$accel" = kvm ]; then
		cpu=host
	else
		# Every instruction TCG can emulate (AVX2, SHA-NI when it has
		# them), so that the kernel's fastest SHA-256 is in play.
		cpu=max
	fi
	echo "$accel" >"$out/accel"
	say "booting ($accel, -cpu $cpu): $(wc -l <"$out/initramfs/bench.list") files x $reps loads"
	t0=$(date +%s)
	timeout 3600 qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -m 1536 -smp 1 \
		-nographic -no-reboot -kernel "$bz" -initrd "$out/initramfs.cpio.gz" \
		-append "console=ttyS0 panic=-1 loglevel=1" \
		</dev/null >"$out/guest.log" 2>&1 || true
	say "guest ran for $(($(date +%s) - t0)) s"
	grep -q '^BENCH-END' "$out/guest.log" ||
		die "the guest did not finish its loads, see $out/guest.log"
	grep '^BENCH-ERROR' "$out/guest.log" >&2 && die "the guest reported errors"
	return 0
}

# ---------------------------------------------------------------------
# 4. One line per load.

parse_guest() {
	python3 - "$out/guest.log" "$out/guest.tsv" "$out/guest-env.tsv" <<-'EOF'
	import re, sys
	log, tsv, env = sys.argv[1:4]
	dur = re.compile(r'([0-9]+(?:\.[0-9]+)?) us\s*\|\s*(.*)$')
	name_of = re.compile(r'(\w+)\(\);|/\* (\w+) \*/')
	loads, cur, facts = {}, None, []
	for line in open(log, errors='replace'):
	    line = line.rstrip('\r\n')
	    # The console may put escape sequences ahead of a line.
	    if 'BENCH-' in line:
	        line = line[line.index('BENCH-'):]
	    if line.startswith('BENCH-CPU '):
	        facts.append(line[len('BENCH-CPU '):])
	    elif line.startswith('BENCH-LOAD '):
	        name, variant, pas, rep, result = (line.split(None, 5)[1:] + [''])[:5]
	        cur = loads.setdefault((name, variant, rep), {'result': result.strip()})
	        cur['pass'] = pas
	    elif line.startswith('BENCH-T ') and cur is not None:
	        m = dur.search(line)
	        n = name_of.search(m.group(2)) if m else None
	        if n:
	            cur['sha256' if cur['pass'] == 'sha256' else 'check'] = m.group(1)
	with open(tsv, 'w') as f:
	    f.write('module\tvariant\trep\tresult\tcheck_us\tsha256_us\n')
	    for (name, variant, rep), l in loads.items():
	        f.write('\t'.join((name, variant, rep, l['result'],
	                           l.get('check', ''), l.get('sha256', ''))) + '\n')
	with open(env, 'w') as f:
	    for fact in facts:
	        k, _, v = fact.partition(' ')
	        f.write(f'{k}\t{v.strip()}\n')
	EOF
}

mkdir -p "$out"
# The source the figures belong to, for the report.
echo "$(git rev-parse --short HEAD 2>/dev/null || echo none)$(git status --porcelain 2>/dev/null |
	grep -q . && echo ', uncommitted changes')" >"$out/commit"
lay_tree
build_kernel
make_keys
module_files
make_initramfs
boot
parse_guest
say "wrote $out/guest.tsv and $out/sizes.tsv"
