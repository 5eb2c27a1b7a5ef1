#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Runs every test suite, shows its TAP output, and ends with the line
# "N passed, N failed" over all of them. Each suite writes "ok - ..." and
# "not ok - ..." lines; a suite that dies or says nothing counts as a
# failure of its own, so a crash can never pass for a clean run.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
logs=$top/build/check
rm -rf "$logs"
mkdir -p "$logs"

passed=0
failed=0

# run_suite NAME COMMAND...
run_suite() {
	local name=$1 rc=0 ok bad
	shift
	echo "# suite $name"
	mkdir -p "$logs/$name.work"
	WORK=$logs/$name.work "$@" >"$logs/$name.log" 2>&1 || rc=$?
	grep -E '^(ok|not ok)( |$)|^# ' "$logs/$name.log" || true
	ok=$(grep -cE '^ok( |$)' "$logs/$name.log")
	bad=$(grep -cE '^not ok( |$)' "$logs/$name.log")
	if [ "$rc" -ne 0 ]; then
		echo "not ok - suite $name exited with status $rc (log: build/check/$name.log)"
		tail -20 "$logs/$name.log" | sed 's/^/# /'
		bad=$((bad + 1))
	elif [ $((ok + bad)) -eq 0 ]; then
		echo "not ok - suite $name ran no test"
		bad=$((bad + 1))
	fi
	passed=$((passed + ok))
	failed=$((failed + bad))
}

kat_is_current() {
	python3 tests/host/merkle_ref.py kat | cmp - tests/vectors/merkle_kat.h &&
		echo "ok - tests/vectors/merkle_kat.h is what the reference generates" ||
		echo "not ok - tests/vectors/merkle_kat.h is stale: run make kat"
}

fuzz_smoke() {
	local seconds=${FUZZ_SMOKE_SECONDS:-30}

	tests/fuzz/make-seeds.sh build/bin/sign-or-hash "$WORK/seeds" &&
	mkdir -p "$WORK/corpus" &&
	build/fuzz/fuzz_integrity -max_total_time="$seconds" \
		-print_final_stats=1 "$WORK/corpus" "$WORK/seeds" 2>"$WORK/fuzz.log"
	local rc=$?
	grep -E 'stat::number_of_executed_units|stat::new_units_added' "$WORK/fuzz.log" |
		sed 's/^/# /'
	if [ $rc -eq 0 ]; then
		echo "ok - libFuzzer ran ${seconds}s over the shared parser and verifier, no crash or sanitizer report"
	else
		echo "not ok - the fuzzer failed (exit $rc)"
		tail -30 "$WORK/fuzz.log" | sed 's/^/# /'
	fi
}

# The exported patch series (make patches): applies to pristine 6.12,
# yields the overlay tree, deletes what the project deletes (and nothing
# else), checkpatch --strict clean.
patch_series() {
	mk/patches.py --check --work "$WORK"
}

# Kernel style: checkpatch --strict and kernel-doc on the kernel-side files.
kernel_style() {
	local files f out
	files=$(cd "$top" && ls kernel/module/integrity/*.[ch] kernel/module/policy/*.c \
		include/linux/module_hashes.h include/uapi/linux/module_*.h)
	for f in $files; do
		out=$(perl "$KSRC/scripts/checkpatch.pl" --no-tree --strict --terse \
			--show-types -f "$f" 2>&1 | grep -E ': (ERROR|WARNING|CHECK):')
		if [ -z "$out" ]; then
			echo "ok - checkpatch --strict: $f"
		else
			echo "not ok - checkpatch --strict: $f"
			echo "$out" | sed 's/^/# /'
		fi
		out=$(perl "$KSRC/scripts/kernel-doc" -none -Wall "$f" 2>&1)
		if [ -z "$out" ]; then
			echo "ok - kernel-doc -Wall: $f"
		else
			echo "not ok - kernel-doc -Wall: $f"
			echo "$out" | sed 's/^/# /'
		fi
	done
}

export TOP=$top
export SOH=$top/build/asan/sign-or-hash
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

ksrc=$(mk/kernel-src.sh) || { echo "not ok - no Linux 6.12 source"; exit 1; }
export KSRC=$ksrc

run_suite kat kat_is_current
run_suite trailer build/asan/test_trailer
run_suite merkle build/asan/test_merkle
run_suite tool tests/host/test_tool.sh
run_suite pkcs7 tests/host/test_pkcs7.sh
run_suite fuzz fuzz_smoke
run_suite style kernel_style
run_suite patches patch_series

# The kernel: KUnit under UML for each mechanism choice and with KASAN and
# UBSAN, the QEMU boot matrix, and one configuration rebuilt to check it
# is reproducible. CHECK_QUICK=1 leaves them out (host tests only).
if [ -z "${CHECK_QUICK:-}" ]; then
	run_suite kunit mk/kunit.sh
	run_suite qemu mk/qemu-test.sh
	run_suite kbuild tests/kbuild/rebuild.sh
	run_suite repro env REPRO_CONFIGS=hash-only mk/repro-check.sh
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
