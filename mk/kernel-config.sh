#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# mk/kernel-config.sh OUTDIR FRAGMENT...
#
# Makes OUTDIR/.config for x86_64 from tinyconfig plus the given fragments
# of Kconfig.fragments/ (names with or without .config; @TOP@ in a
# fragment stands for the repository's path), and checks that
# every setting a fragment asks for survived olddefconfig: a dependency
# that silently drops an option would make every later test meaningless.
# Does nothing when the fragments did not change since the last run.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
tree=${KERNEL_TREE:-$top/build/linux}
out=$1
shift
mkdir -p "$out"
out=$(cd "$out" && pwd)

frags=()
mkdir -p "$out/.fragments"
for f in "$@"; do
	f=${f%.config}
	[ -f "$top/Kconfig.fragments/$f.config" ] ||
		{ echo "kernel-config: no fragment $f" >&2; exit 1; }
	sed "s|@TOP@|$top|g" "$top/Kconfig.fragments/$f.config" > "$out/.fragments/$f.config"
	frags+=("$out/.fragments/$f.config")
done

stamp=$out/.fragments.sha256
want=$(cat "${frags[@]}" "$tree/Makefile" | sha256sum | cut -d' ' -f1)
if [ -f "$out/.config" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
	exit 0
fi

make -s -C "$tree" O="$out" ARCH=x86_64 tinyconfig >/dev/null
"$tree/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" \
	"${frags[@]}" >/dev/null
make -s -C "$tree" O="$out" ARCH=x86_64 olddefconfig >/dev/null

# A later fragment may override an earlier one (as merge_config.sh lets
# it): only the last setting of each symbol is what was asked for.
last_word_per_symbol() {
	awk '
		/^CONFIG_[A-Za-z0-9_]+=/ { sym = $0; sub(/=.*/, "", sym) }
		/^# CONFIG_[A-Za-z0-9_]+ is not set$/ { sym = $2 }
		/^CONFIG_[A-Za-z0-9_]+=/ || /^# CONFIG_[A-Za-z0-9_]+ is not set$/ {
			if (!(sym in line))
				order[n++] = sym
			line[sym] = $0
		}
		END { for (i = 0; i < n; i++) print line[order[i]] }' "$@"
}

bad=0
while read -r line; do
	case "$line" in
	CONFIG_*=*)
		grep -qxF "$line" "$out/.config" || {
			echo "kernel-config: $line did not survive (have: $(grep "^${line%%=*}=" "$out/.config" || echo unset))" >&2
			bad=1
		}
		;;
	"# CONFIG_"*" is not set")
		sym=${line#\# }
		sym=${sym%% *}
		grep -q "^$sym=" "$out/.config" && {
			echo "kernel-config: $sym should be unset" >&2
			bad=1
		}
		;;
	esac
done < <(last_word_per_symbol "${frags[@]}")
[ "$bad" -eq 0 ] || exit 1
echo "$want" > "$stamp"
