# SPDX-License-Identifier: GPL-2.0-or-later
# Shared helpers of the shell test suites: TAP output and assertions.
# The runner (mk/check.sh) sets SOH, TOP and WORK.

: "${SOH:?path of the sign-or-hash binary under test}"
: "${TOP:?repository root}"
: "${WORK:?scratch folder of this suite}"

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; }

# check DESCRIPTION COMMAND...: one TAP line from a command's exit status.
check() {
	local what=$1
	shift
	if "$@" >"$WORK/.out" 2>&1; then
		ok "$what"
	else
		not_ok "$what"
		sed 's/^/# /' "$WORK/.out" | head -20
	fi
}

# expect_exit CODE DESCRIPTION COMMAND...: the command exits with CODE.
expect_exit() {
	local want=$1 what=$2 got=0
	shift 2
	"$@" >"$WORK/.out" 2>&1 || got=$?
	if [ "$got" -eq "$want" ]; then
		ok "$what (exit $got)"
	else
		not_ok "$what: exit $got, expected $want"
		sed 's/^/# /' "$WORK/.out" | head -20
	fi
}

# last output of check/expect_exit contains a fixed string
output_has() {
	grep -qF -- "$1" "$WORK/.out"
}

sha() { sha256sum "$1" | cut -d' ' -f1; }

# Count occurrences of the trailer magic in a file.
magic_count() {
	grep -c -a -F '~Module signature appended~' "$1" || true
}
