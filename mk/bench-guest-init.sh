#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# /init of the kernel benchmark's initramfs (mk/bench-kernel.sh): loads
# every module variant listed in /bench.list, /reps times, with the
# function_graph tracer timing the integrity checks and the bare SHA-256
# of each module, and prints what the
# host parses:
#   BENCH-CPU ...           the guest CPU and the SHA-256 the kernel uses
#   BENCH-LOAD NAME VARIANT PASS REP RESULT
#   BENCH-T <trace line>    the traced call of that load
#   BENCH-END               every load ran
# /bench.list has one "NAME VARIANT FILE" line per file under /m. The
# variants of a module are interleaved, round after round, so that no
# variant gets a quieter moment of the machine than another.

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing

say() {
	echo "$*"
}

say "BENCH-CPU model $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2-)"
say "BENCH-CPU flags $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' |
	grep -xE 'sha_ni|avx2|avx|ssse3' | tr '\n' ' ')"

for c in /certs/*.der; do
	keyctl padd asymmetric "" %:.secondary_trusted_keys <"$c" >/dev/null ||
		say "BENCH-ERROR keyctl padd $c"
done

t=/sys/kernel/tracing
echo 0 >$t/tracing_on
echo function_graph >$t/current_tracer || say "BENCH-ERROR function_graph"
echo funcgraph-tail >$t/trace_options
echo nofuncgraph-irqs >$t/trace_options
echo 4096 >$t/buffer_size_kb

# The SHA-256 the crypto API hands out: the highest priority "sha256".
awk -F': ' '
	/^name/ { name = $2 } /^driver/ { drv = $2 }
	/^priority/ && name == "sha256" && $2 + 0 > best { best = $2 + 0; pick = drv }
	END { print "BENCH-CPU sha256-driver " pick " priority " best }' /proc/crypto

# Two passes over the files in every round, each tracing one function
# per load: the checks, then the bare SHA-256 (of the Merkle files). A
# traced call nested inside a timed one would add the tracer's own cost
# to the outer figure. Both passes of a round run within seconds of each
# other, so that they see the same host.
reps=$(cat /reps)
rep=1
while [ "$rep" -le "$reps" ]; do
	for pass in checks sha256; do
		case $pass in
		checks) funcs="mod_merkle_check mod_pkcs7_check" ;;
		sha256) funcs="mod_sha256" ;;
		esac
		echo "$funcs" >$t/set_ftrace_filter ||
			say "BENCH-ERROR set_ftrace_filter $funcs"
		while read -r name variant file; do
			[ $pass = sha256 ] && [ "$variant" != merkle ] && continue
			echo >$t/trace
			echo 1 >$t/tracing_on
			result=$(/sbin/loadmod "/m/$file" 2>&1)
			echo 0 >$t/tracing_on
			say "BENCH-LOAD $name $variant $pass $rep $result"
			grep -E 'mod_merkle_check|mod_pkcs7_check|mod_sha256' $t/trace |
				sed 's/^/BENCH-T /'
		done </bench.list
	done
	rep=$((rep + 1))
done
say "BENCH-END"
poweroff -f
