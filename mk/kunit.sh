#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Runs the module integrity KUnit suites with tools/testing/kunit/kunit.py
# under UML: once per mechanism choice (hash-only, sig-only, both), and
# once more for both with KASAN and UBSAN. Prints one TAP line per suite
# and configuration:
#
#   ok - kunit <config>: <suite>: <N> cases passed
#   not ok - kunit <config>: <suite>: ...
#
# plus one per configuration for the kernel log (no KASAN, UBSAN or other
# BUG report). A suite that a configuration should have and did not run
# is a failure. Failing tests still exit 0 (the lines say it); a build
# or a kunit.py that produces no results exits non-zero.
#
# KUNIT_CONFIGS="hash-only both" runs a subset; KUNIT_JOBS sets make -j.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
tree=${KERNEL_TREE:-$top/build/linux}
cfgdir=$top/tests/kunit
jobs=${KUNIT_JOBS:-2}
configs=${KUNIT_CONFIGS:-hash-only sig-only both both+sanitizers}

export CCACHE_DIR=${CCACHE_DIR:-$top/build/ccache}
mkdir -p "$CCACHE_DIR"

"$top/mk/kernel-tree.sh" >/dev/null || {
	echo "not ok - kunit: mk/kernel-tree.sh failed"
	exit 2
}

# The suites each configuration must run.
expected_suites() {
	case $1 in
	hash-only*) echo "trailer merkle dispatch policy" ;;
	sig-only*) echo "trailer dispatch policy pkcs7" ;;
	both*) echo "trailer merkle dispatch policy pkcs7" ;;
	esac
}

# TAP lines from kunit.py's JSON: one per expected suite.
report() {
	local name=$1 json=$2 suites

	read -ra suites <<<"$(expected_suites "$name")"
	python3 - "$name" "$json" "${suites[@]}" <<'EOF'
import json
import sys

name, path, expected = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(path) as f:
    root = json.load(f)


def leaves(group, prefix):
    """(case name, status) of every test case under @group, params too."""
    for case in group.get("test_cases", []):
        yield prefix + case["name"], case["status"]
    for sub in group.get("sub_groups", []):
        yield from leaves(sub, prefix + sub["name"] + ": ")


suites = {}
for group in root.get("sub_groups", []):
    suites[group["name"]] = group

failures = 0
for short in expected:
    suite = "module_integrity_" + short
    group = suites.pop(suite, None)
    if group is None:
        print(f"not ok - kunit {name}: {short}: suite did not run")
        failures += 1
        continue
    cases = list(leaves(group, ""))
    bad = [(c, s) for c, s in cases if s not in ("PASS", "SKIP")]
    skipped = sum(1 for _, s in cases if s == "SKIP")
    passed = len(cases) - len(bad) - skipped
    functions = len(group.get("test_cases", [])) + \
        len(group.get("sub_groups", []))
    extra = f", {skipped} skipped" if skipped else ""
    if bad or not cases:
        print(f"not ok - kunit {name}: {short}: {len(bad)} of "
              f"{len(cases)} cases failed{extra}")
        for c, s in bad[:20]:
            print(f"#   {s}: {c}")
        failures += 1
    else:
        print(f"ok - kunit {name}: {short}: {passed} cases passed{extra} "
              f"({functions} test functions)")
for suite in sorted(suites):
    if suite.startswith("module_integrity_"):
        print(f"not ok - kunit {name}: unexpected suite {suite}")
        failures += 1
sys.exit(1 if failures else 0)
EOF
}

# boot_param NAME BUILD ARG: boots BUILD's kernel again with ARG on its
# command line; policy_boot_param_test checks that ARG took effect.
boot_param() {
	local name=$1 build=$2 arg=$3 json=$2/boot-param.json
	local test=module_integrity_policy.policy_boot_param_test

	rm -f "$json"
	(cd "$tree" && python3 tools/testing/kunit/kunit.py exec \
		--build_dir="$build" --kernel_args="$arg" --json="$json" \
		"$test") >"$build/boot-param.log" 2>&1
	if [ -s "$json" ] && python3 - "$json" <<'EOF'
import json
import sys

with open(sys.argv[1]) as f:
    root = json.load(f)
statuses = [c["status"] for g in root.get("sub_groups", [])
            for c in g.get("test_cases", [])]
sys.exit(0 if statuses == ["PASS"] else 1)
EOF
	then
		echo "ok - kunit $name: booted with $arg, only those mechanisms are allowed"
	else
		echo "not ok - kunit $name: booted with $arg, the policy does not say so (log: ${build#"$top"/}/boot-param.log)"
		grep -E "$arg|invalid|Expected|allowed" "$build/test.log" 2>/dev/null |
			head -10 | sed 's/^/# /'
	fi
}

report_re='BUG: KASAN|UBSAN:|BUG: |Kernel panic|WARNING: .* at '

infra=0
for name in $configs; do
	build=$top/build/kunit-$name
	mkdir -p "$build"
	log=$build/kunit-run.log
	json=$build/results.json
	rm -f "$json" "$build/test.log"

	args=(--kunitconfig="$cfgdir/${name%%+*}.kunitconfig")
	timeout=900
	case $name in
	*+sanitizers)
		args+=(--kunitconfig="$cfgdir/sanitizers.kunitconfig")
		timeout=2400
		;;
	esac

	echo "# kunit $name: building and running in build/kunit-$name"
	start=$(date +%s)
	# The PKCS#7 suite signs its data with the key certs/ generates:
	# build certs/ first, in case kernel/ is not ordered after it.
	if grep -q '^CONFIG_MODULE_SIG=y' "$cfgdir/${name%%+*}.kunitconfig"; then
		(cd "$tree" && python3 tools/testing/kunit/kunit.py config \
			"${args[@]}" --build_dir="$build" \
			--make_options CC="ccache gcc" &&
		 make -C "$tree" ARCH=um O="$build" CC="ccache gcc" \
			-j"$jobs" certs/) >"$build/certs-first.log" 2>&1
	fi
	(cd "$tree" && python3 tools/testing/kunit/kunit.py run \
		"${args[@]}" --build_dir="$build" --jobs="$jobs" \
		--make_options CC="ccache gcc" --timeout="$timeout" \
		--json="$json") >"$log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))

	if [ ! -s "$json" ]; then
		echo "not ok - kunit $name: kunit.py produced no results (exit $rc, log: ${log#"$top"/})"
		grep -E 'error|Error|ERROR|failed|Failed' "$log" | head -20 | sed 's/^/# /'
		tail -15 "$log" | sed 's/^/# /'
		infra=1
		continue
	fi

	# kunit.py's own summary: one line per suite and test function.
	grep -E '^\[[0-9:]+\] (=+ |\[(FAILED|CRASHED|SKIPPED)\]|Testing complete|Elapsed time)' "$log" |
		sed 's/^\[[0-9:]*\] /# /'
	report "$name" "$json"

	# The raw kernel log, sanitizer reports included. UML's virtio PCI
	# warns at every boot without a device configured: not ours.
	klog=$build/test.log
	reports=$(grep -nE "$report_re" "$klog" 2>/dev/null |
		grep -v 'at arch/um/drivers/virt-pci\.c:')
	if [ ! -s "$klog" ]; then
		echo "not ok - kunit $name: no kernel log in ${klog#"$top"/}"
	elif [ -n "$reports" ]; then
		echo "not ok - kunit $name: the kernel log has a KASAN, UBSAN, BUG or WARNING report"
		first=$(echo "$reports" | head -1 | cut -d: -f1)
		echo "$reports" | head -10 | sed 's/^/# /'
		tail -n +"$first" "$klog" | head -40 | sed 's/^/# /'
	else
		echo "ok - kunit $name: no KASAN, UBSAN, BUG or WARNING report in the kernel log"
	fi
	echo "# kunit $name: ${secs}s (build and run; log: ${log#"$top"/})"

	# The boot parameter that narrows the mechanisms, on the same build.
	case $name in
	sig-only*) mechs=pkcs7 ;;
	*) mechs=merkle ;;
	esac
	boot_param "$name" "$build" "module.integrity_mechanisms=$mechs"
done
exit $infra
