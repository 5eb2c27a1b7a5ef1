#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The kernel half of make demo: builds the "both" kernel (module hashes
# for in-tree modules, signatures for out-of-tree ones), boots it in QEMU
# through the boot test harness (permissive mode only), and prints what
# it did with an in-tree module, an out-of-tree signed one and tampered
# or untrusted ones, checked against tests/qemu/expected.tsv.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
out=$top/build/demo
mkdir -p "$out"

echo "demo: building the 'both' kernel and booting it in QEMU (a first build takes several minutes)"
QEMU_KERNELS=both QEMU_MODES=permissive mk/qemu-test.sh > "$out/qemu.log" 2>&1
rc=$?
if [ $rc -ne 0 ]; then
	echo "demo: the kernel build or boot failed; see build/demo/qemu.log" >&2
	tail -20 "$out/qemu.log" >&2
	exit 1
fi

# case, what it is
cases=(
	"intree-modprobe|in-tree crc7.ko, installed with its proof (modprobe)"
	"ext-builtin|out-of-tree mi_hello.ko, signed by a trusted key"
	"intree-flip-code|in-tree crc7.ko with one byte of code changed"
	"intree-other-build|in-tree crc7.ko with the proof of another build"
	"ext-unknown-key|out-of-tree mi_hello.ko, signed by an unknown key"
	"ext-unsigned|out-of-tree mi_hello.ko, not signed"
)

echo
printf '%-58s %-9s %-10s %-8s %s\n' "module" "mechanism" "verdict" "loaded" "taint E"
printf '%-58s %-9s %-10s %-8s %s\n' "------" "---------" "-------" "------" "-------"
bad=0
for c in "${cases[@]}"; do
	name=${c%%|*}
	what=${c#*|}
	line=$(grep -E "^(ok|not ok) - qemu both/permissive: $name: " "$out/qemu.log" | head -1)
	exp=$(awk -F'\t' -v c="$name" '$1 == "both" && $2 == "permissive" && $3 == c' tests/qemu/expected.tsv)
	verdict=$(echo "$exp" | cut -f4)
	outcome=$(echo "$exp" | cut -f5)
	taint=$(echo "$exp" | cut -f7)
	mech=$(echo "$exp" | cut -f9 | sed -n 's/^module [^:]*: \([a-z0-9]*\): .*/\1/p')
	[ -n "$mech" ] || mech=$(echo "$exp" | cut -f8)
	case "$line" in
	"ok - "*) ;;
	*) bad=1; verdict="$verdict (NOT as expected: ${line:-no result})" ;;
	esac
	printf '%-58s %-9s %-10s %-8s %s\n' "$what" "$mech" "$verdict" \
		"$([ "$outcome" = loaded ] && echo yes || echo no)" "$taint"
done
echo
echo "Kernel log lines of that boot (build/qemu/both/permissive.log):"
grep -aoE "module [^ ]+: (merkle|pkcs7|none|unknown): [a-z ]+ \(.*\), (tainting kernel|rejected with [-A-Z0-9]+)" \
	"$top/build/qemu/both/permissive.log" | sort -u | head -8 | sed 's/^/  /'
echo
echo "All $(grep -c '^ok - qemu both/permissive' "$out/qemu.log") checks of that boot passed:" \
	"$(grep -c '^not ok' "$out/qemu.log") failed (build/demo/qemu.log)."
exit $bad
