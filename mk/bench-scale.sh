#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make bench, scale: sign-or-hash tree over 10,000 synthetic modules and
# over the Debian 6.12 set, and the proof length against the tree size.
#
#   synthetic  BENCH_SCALE_N (default 10000) files whose sizes cycle
#              through the sizes of the Debian set (build/bench/set.list,
#              from mk/bench-dataset.sh) and whose bytes are the ELF magic
#              and a SHAKE-256 stream; timed like the host benchmark: `openssl dgst
#              -sha256` per file on one core as the hashing floor, then
#              `sign-or-hash tree` creating every proof afresh, each the
#              median of BENCH_REPEAT runs (default 5)
#   debian     the same two steps over the Debian set
#   depth      trees over N tiny files for N from 1 to 100,000: the
#              shortest and longest proof and the trailer bytes, read from
#              the MODULE.merkle files the tool writes
#
# Writes build/bench/scale/{scale,depth}.tsv for mk/bench-report.py.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=$top/build/bench/scale
soh=$top/build/bin/sign-or-hash
n_synth=${BENCH_SCALE_N:-10000}
reps=${BENCH_REPEAT:-5}
set_list=$top/build/bench/set.list

say() { echo "bench-scale: $*" >&2; }
die() { echo "bench-scale: error: $*" >&2; exit 1; }

[ -x "$soh" ] || die "$soh is missing (make tool)"
[ -s "$set_list" ] || die "$set_list is missing (mk/bench-dataset.sh)"
mkdir -p "$out"

# The synthetic set, made once: the file sizes of the Debian set in turn.
make_synthetic() {
	local dir=$out/synthetic
	[ -f "$dir.stamp" ] && [ "$(cat "$dir.stamp")" = "elf $n_synth" ] && return
	rm -rf "$dir" "$dir.stamp"
	say "writing $n_synth synthetic modules"
	python3 - "$set_list" "$dir" "$n_synth" <<-'PY'
	import hashlib, os, sys
	set_list, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
	sizes = [os.path.getsize(p.strip()) for p in open(set_list) if p.strip()]
	names = []
	for i in range(n):
	    d = f'{out}/d{i // 1000:02d}'
	    os.makedirs(d, exist_ok=True)
	    path = f'{d}/synthetic{i:05d}.ko'
	    with open(path, 'wb') as f:
	        # An ELF magic first: random bytes may begin like gzip or zstd,
	        # and the tool rightly takes such a file for a compressed one.
	        size = sizes[i % len(sizes)]
	        f.write(b'\x7fELF' + hashlib.shake_256(b'module %d' % i).digest(size - 4))
	    names.append(path)
	with open(f'{out}.list', 'w') as f:
	    f.write('\n'.join(names) + '\n')
	PY
	echo "elf $n_synth" >"$dir.stamp"
}

# median_run NAME BEFORE COMMAND...: REPS runs, prints "wall cpu" of the
# run with the median wall time; BEFORE runs untimed ahead of each.
median_run() {
	local name=$1 before=$2 i
	shift 2
	for ((i = 1; i <= reps; i++)); do
		eval "$before"
		sync
		/usr/bin/time -f '%e %U %S' -o "$out/$name.time.$i" "$@" >/dev/null 2>"$out/$name.err" ||
			die "$name failed: $(tail -3 "$out/$name.err")"
	done
	cat "$out/$name.time".* | sort -n | awk -v n="$reps" '
		NR == int((n + 1) / 2) { printf "%s %.2f\n", $1, $2 + $3 }'
	rm -f "$out/$name.time".*
}

# scale_row LABEL LIST: the floor and the tree over the files of LIST.
scale_row() {
	local label=$1 list=$2 n bytes floor tree
	n=$(wc -l <"$list")
	bytes=$(xargs -a "$list" stat -c %s | awk '{ s += $1 } END { print s }')
	xargs -a "$list" cat >/dev/null	# warm the page cache
	floor=$(median_run "$label-openssl" : xargs -a "$list" openssl dgst -sha256)
	tree=$(median_run "$label-tree" "sed 's/\$/.merkle/' '$list' | xargs rm -f" \
		"$soh" tree --list "$list" --root-out "$out/$label.root")
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$n" "$bytes" \
		"${floor% *}" "${tree% *}" "${tree#* }" >>"$out/scale.tsv.new"
	sed 's/$/.merkle/' "$list" | xargs rm -f
}

make_synthetic
printf 'set\tmodules\tbytes\topenssl_wall\ttree_wall\ttree_cpu\n' >"$out/scale.tsv.new"
scale_row synthetic "$out/synthetic.list"
scale_row debian "$set_list"
mv "$out/scale.tsv.new" "$out/scale.tsv"

# Proof length against tree size, over tiny files in a scratch folder.
say "proof lengths"
depth=$out/depth
printf 'leaves\tshortest_path\tlongest_path\ttrailer_min\ttrailer_max\n' >"$out/depth.tsv.new"
for n in 1 2 3 4 5 8 16 17 100 1000 1024 1025 4230 10000 100000; do
	rm -rf "$depth"
	mkdir -p "$depth"
	python3 - "$depth" "$n" <<-'PY'
	import os, sys
	d, n = sys.argv[1], int(sys.argv[2])
	names = []
	for i in range(n):
	    sub = f'{d}/{i // 1000}'
	    os.makedirs(sub, exist_ok=True)
	    with open(f'{sub}/m{i}.ko', 'wb') as f:
	        f.write(b'%d' % i)
	    names.append(f'{sub}/m{i}.ko')
	open(f'{d}.list', 'w').write('\n'.join(names) + '\n')
	PY
	"$soh" tree --list "$depth.list" --root-out "$depth.root" >/dev/null
	sed 's/$/.merkle/' "$depth.list" | xargs stat -c %s | sort -n | awk -v n="$n" '
		NR == 1 { lo = $1 } { hi = $1 }
		# trailer = 12-byte proof header + 32 per path node
		#         + struct module_signature (12) + the 28-byte magic
		END { printf "%d\t%d\t%d\t%d\t%d\n", n, (lo - 52) / 32, (hi - 52) / 32, lo, hi }' \
		>>"$out/depth.tsv.new"
done
rm -rf "$depth" "$depth.list" "$depth.root"
mv "$out/depth.tsv.new" "$out/depth.tsv"
say "wrote $out/scale.tsv and $out/depth.tsv"
