#!/bin/bash
# `make bench`: measure sign-or-hash against the hashing limit and against
# the kernel's sign-file on the real Debian 6.12 amd64 module set, side by
# side in one run, and write the figures into BENCHMARKS.md (the section
# between <!-- bench:host:begin --> and <!-- bench:host:end -->; the rest of
# the file is left as it is).
#
# Steps, one after another (the machine has 2 cores: nothing timed runs next
# to anything else):
#   warm-up   read the whole set once, so every timed step sees it cached
#   b         openssl dgst -sha256 over the same bytes, single core: one
#             stream (cat | openssl) and per file (xargs openssl dgst)
#   ref       creating one proof-sized file next to each module, alone: what
#             the filesystem charges any tool that writes MODULE.merkle
#   e         sign-or-hash tree over the first 1/4 of the set (peak memory)
#   a         sign-or-hash tree over the whole set: root + every proof
#   d         sign-or-hash verify of every module with its proof appended
#   c         the kernel's scripts/sign-file signing every module, RSA-4096
#
# Environment: SIGN_OR_HASH (tool, default build/bin/sign-or-hash),
# BENCH_TREE_ARGS (extra options for `tree`), BENCH_REPEAT (runs of each
# fast step, default 5; sign-file runs once), BENCH_WAIT_IDLE (seconds to
# wait for other work on the machine to stop, default 60), BENCH_STRICT=1
# (exit 1 when a target is missed), BENCH_KEEP=1 (keep the copies under
# build/bench/run).
set -euo pipefail

cd "$(dirname "$0")/.."
readonly OUT=build/bench
readonly RUN=$OUT/run
readonly LIST=$OUT/set.list
readonly SIGNFILE=$OUT/sign-file
readonly KEY=$OUT/signing_key.pem
readonly CERT=$OUT/signing_cert.pem
readonly TOOL=${SIGN_OR_HASH:-build/bin/sign-or-hash}
readonly DOC=BENCHMARKS.md
readonly RESULTS=$RUN/results.env
readonly MAGIC='~Module signature appended~'
readonly REPS=${BENCH_REPEAT:-5}
readonly WAIT_IDLE=${BENCH_WAIT_IDLE:-60}

die() { echo "bench: error: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }

# Figures go to a KEY=VALUE file that the report generator reads.
record() { echo "$1=$2" >>"$RESULTS"; }

# measure NAME REPS COMMAND...: run COMMAND REPS times under GNU time, with
# stdout and stderr to $RUN/NAME.{out,err} (the last run's), calling
# before_NAME first each time when such a function exists.  The fast steps
# take well under a second, where one run is at the mercy of scheduling noise,
# so they are repeated and the run with the median wall time is reported (its
# wall and user+sys CPU), together with the fastest and slowest wall times
# and the highest peak RSS of all runs.  GNU time's RSS is that of the largest
# single process among the command and the children it waited for (not a
# sum), which is what a pipeline or xargs needs here.  Any failure of the
# command ends the benchmark.
measure() {
	local name=$1 reps=$2 i
	shift 2
	say "timing $name ($reps run(s)): $*"
	for ((i = 1; i <= reps; i++)); do
		if declare -F "before_$name" >/dev/null; then
			"before_$name"
		fi
		# Flush what earlier steps wrote or deleted (proofs, copies), so
		# their writeback is not billed to this step.
		sync
		if ! /usr/bin/time -f '%e %U %S %M' -o "$RUN/$name.time.$i" \
			"$@" >"$RUN/$name.out" 2>"$RUN/$name.err"; then
			# Show what went wrong: refusals (verify) go to stdout.
			grep -v -e ': verified' "$RUN/$name.out" | tail -n 20 >&2 || true
			tail -n 20 "$RUN/$name.err" >&2 || true
			die "$name failed (exit status in $RUN/$name.time.$i): $*"
		fi
	done
	python3 - "$name" "$RUN/$name.time" "$reps" >>"$RESULTS" <<-'EOF' ||
	import sys
	name, stem, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
	runs = []
	for i in range(1, reps + 1):
	    wall, user, sys_, rss = open(f"{stem}.{i}").read().split()[-4:]
	    runs.append((float(wall), float(user) + float(sys_), int(rss)))
	walls = sorted(r[0] for r in runs)
	median = sorted(runs)[(reps - 1) // 2]
	print(f"{name}_runs={reps}")
	print(f"{name}_wall={median[0]:.2f}")
	print(f"{name}_wall_min={walls[0]:.2f}")
	print(f"{name}_wall_max={walls[-1]:.2f}")
	print(f"{name}_cpu={median[1]:.2f}")
	print(f"{name}_rss_kib={max(r[2] for r in runs)}")
	EOF
		die "$name: no figures from /usr/bin/time"
	say "  $name: $(grep -E "^${name}_(runs|wall|wall_min|wall_max|cpu|rss_kib)=" "$RESULTS" |
		sed "s/^${name}_//" | tr '\n' ' ')"
}

# Remove every MODULE.merkle the tree step leaves next to the set's modules,
# so the cached set stays as bench-dataset.sh made it.
clean_proofs() {
	find "$OUT/set" -type f -name '*.ko.merkle' -delete 2>/dev/null || true
}

# Every timed tree run starts from a set without proofs, as after a build.
before_tree() { clean_proofs; }
before_tree_quarter() { clean_proofs; }
before_create_files() { clean_proofs; }

# Size of one .merkle file for a tree of N leaves: payload header, one
# 32-byte sibling per level (ceil(log2 N)), struct module_signature, magic.
proof_size() {
	python3 -c 'import sys; n = int(sys.argv[1]); print(12 + 32 * (n - 1).bit_length() + 12 + 28)' "$1"
}

on_exit() {
	clean_proofs
	if [ "${BENCH_KEEP:-0}" != 1 ]; then
		rm -rf "$RUN/signed" "$RUN/proved"
	fi
}

# Rewrite a list of set paths to the same paths under another folder.
relist() {
	sed "s#^$OUT/set/#$2/#" "$1"
}

# check_root FILE N: the 40-byte root record (DESIGN 3.4) for N modules.
check_root() {
	python3 - "$1" "$2" <<-'EOF' || die "bad root record $1"
	import struct, sys
	data = open(sys.argv[1], "rb").read()
	if len(data) != 40:
	    sys.exit(f"{sys.argv[1]}: {len(data)} bytes, want 40")
	version, algo, reserved, size = struct.unpack(">BBHI", data[:8])
	if (version, algo, reserved, size) != (1, 4, 0, int(sys.argv[2])):
	    sys.exit(f"{sys.argv[1]}: version {version} algo {algo} reserved {reserved} "
	             f"tree_size {size}, want 1 4 0 {sys.argv[2]}")
	EOF
}

# The root the tool wrote equals one computed here from DESIGN section 3.2
# (RFC 9162 tree, leaf = H(0x00 || H(module)), node = H(0x01 || l || r)),
# so the figures are those of a tool that gets the answer right.
check_root_independent() {
	python3 - "$1" "$2" <<-'EOF' || die "the tool's root differs from an independent computation"
	import hashlib, sys
	H = lambda b: hashlib.sha256(b).digest()
	def digest(path):
	    h = hashlib.sha256()
	    with open(path, "rb") as f:
	        while chunk := f.read(1 << 20):
	            h.update(chunk)
	    return h.digest()
	def mth(leaves):
	    if len(leaves) == 1:
	        return leaves[0]
	    k = 1
	    while k * 2 < len(leaves):
	        k *= 2
	    return H(b"\x01" + mth(leaves[:k]) + mth(leaves[k:]))
	leaves = [H(b"\x00" + digest(p)) for p in open(sys.argv[1]).read().splitlines()]
	want = mth(leaves)
	got = open(sys.argv[2], "rb").read()[8:]
	if got != want:
	    sys.exit(f"root {got.hex()} != independent {want.hex()}")
	EOF
}

# Every module in the list has its MODULE.merkle, ending in the trailer magic.
check_proofs() {
	python3 - "$1" "$MAGIC" <<-'EOF' || die "tree did not write every proof for $1"
	import sys
	magic = sys.argv[2].encode() + b"\n"
	for path in open(sys.argv[1]).read().splitlines():
	    with open(path + ".merkle", "rb") as f:
	        if not f.read().endswith(magic):
	            sys.exit(f"{path}.merkle: no trailer magic")
	EOF
}

# The installed form of every module: the bare module followed by its proof
# (what `cat MODULE MODULE.merkle` gives), written under DEST.  Not timed.
make_proved_copy() {
	python3 - "$1" "$OUT/set/" "$2/" <<-'EOF' || die "making the proved copy failed"
	import os, sys
	src_prefix, dst_prefix = sys.argv[2], sys.argv[3]
	for path in open(sys.argv[1]).read().splitlines():
	    dest = dst_prefix + path[len(src_prefix):]
	    os.makedirs(os.path.dirname(dest), exist_ok=True)
	    with open(dest, "wb") as out:
	        for part in (path, path + ".merkle"):
	            with open(part, "rb") as f:
	                out.write(f.read())
	EOF
}

# Every module sign-file was given now carries a signature trailer.
check_signed() {
	python3 - "$1" "$MAGIC" <<-'EOF' || die "sign-file left a module unsigned"
	import sys
	magic = sys.argv[2].encode() + b"\n"
	for path in open(sys.argv[1]).read().splitlines():
	    with open(path, "rb") as f:
	        f.seek(-len(magic), 2)
	        if f.read() != magic:
	            sys.exit(f"{path}: no signature appended")
	EOF
}

# Cores in use (by anything) over 3 seconds while this script sleeps, from
# /proc/stat, which counts for the whole machine whatever the PID namespace.
busy_cores() {
	python3 - <<-'EOF'
	import os, time
	def sample():
	    with open("/proc/stat") as f:
	        v = [int(x) for x in f.readline().split()[1:]]
	    return sum(v[:8]), v[3] + v[4]  # total, idle + iowait
	t0, i0 = sample()
	time.sleep(3)
	t1, i1 = sample()
	print(f"{(1 - (i1 - i0) / max(t1 - t0, 1)) * os.cpu_count():.2f}")
	EOF
}

# Other work on the machine (another build, say) competes for the two cores
# and skews every figure.  It cannot be stopped from here, but it can be
# measured (cores kept busy while this script sleeps), waited out for up to
# BENCH_WAIT_IDLE seconds, and stated in the report.
wait_for_idle() {
	local busy waited=0
	busy=$(busy_cores)
	while is_busy "$busy" && [ "$waited" -lt "$WAIT_IDLE" ]; do
		say "machine busy ($busy cores in use by other work); waiting for it to go idle"
		sleep 10
		waited=$((waited + 13))
		busy=$(busy_cores)
	done
	record busy_start "$busy"
	if is_busy "$busy"; then
		say "WARNING: machine busy ($busy cores in use by other work): figures will be pessimistic"
	fi
}

is_busy() {
	python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > 0.25 else 1)" "$1"
}

machine_facts() {
	record cpu_model "'$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)'"
	record nproc "$(nproc)"
	record mem_kib "$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
	record kernel "'$(uname -srm)'"
	record openssl "'$(openssl version)'"
	record fs "'$(df -T "$OUT" | awk 'NR == 2 {print $2 " (" $1 ")"}')'"
	record date "'$(date -u '+%Y-%m-%d %H:%M UTC')'"
	record commit "'$(git rev-parse --short HEAD 2>/dev/null || echo none)$(git status --porcelain 2>/dev/null | grep -q . && echo ', uncommitted changes')'"
}

run_benchmarks() {
	local n quarter
	n=$(wc -l <"$LIST")
	quarter=$((n / 4))
	record set_count "$n"
	record proof_bytes "$(proof_size "$n")"
	head -n "$quarter" "$LIST" >"$RUN/quarter.list"
	record quarter_count "$quarter"
	record quarter_bytes "$(xargs -d '\n' -a "$RUN/quarter.list" stat -c %s | awk '{s += $1} END {print s}')"

	# Untimed: sign-file signs in place, so it gets its own copy.
	say "copying the set for sign-file (not timed)"
	cp -r "$OUT/set" "$RUN/signed"
	relist "$LIST" "$RUN/signed" >"$RUN/signed.list"

	# Caches cannot be dropped reliably here, so measure a warm cache on
	# purpose: one full read first, then every step reads from memory.
	say "warm-up: reading the whole set once"
	xargs -d '\n' -a "$LIST" cat >/dev/null || die "warm-up read failed"
	openssl version >/dev/null
	"$TOOL" --help >/dev/null 2>&1 || true

	# b: the hashing limit, SHA-256 of the same bytes on one core.
	# shellcheck disable=SC2016 # $1 is expanded by the inner bash
	measure sha_stream "$REPS" bash -c 'set -o pipefail; xargs -d "\n" -a "$1" cat | openssl dgst -sha256' _ "$LIST"
	measure sha_files "$REPS" xargs -d '\n' -a "$LIST" openssl dgst -sha256
	[ "$(wc -l <"$RUN/sha_files.out")" -eq "$n" ] || die "openssl dgst did not hash every module"

	# Reference, not a target: what creating one proof-sized file next to
	# each module costs on this filesystem, the floor for any tool that
	# writes MODULE.merkle files.
	measure create_files "$REPS" python3 -c '
import sys
blob = b"\0" * int(sys.argv[2])
for path in open(sys.argv[1]).read().splitlines():
    with open(path + ".merkle", "wb") as f:
        f.write(blob)
' "$LIST" "$(proof_size "$n")"
	clean_proofs

	# e: the first quarter, for memory versus set size.
	# shellcheck disable=SC2086
	measure tree_quarter "$REPS" "$TOOL" tree --list "$RUN/quarter.list" --root-out "$RUN/quarter.root" ${BENCH_TREE_ARGS:-}
	check_root "$RUN/quarter.root" "$quarter"
	check_proofs "$RUN/quarter.list"
	clean_proofs

	# a: the whole set, root and every proof.
	# shellcheck disable=SC2086
	measure tree "$REPS" "$TOOL" tree --list "$LIST" --root-out "$RUN/root" ${BENCH_TREE_ARGS:-}
	check_root "$RUN/root" "$n"
	check_proofs "$LIST"
	check_root_independent "$LIST" "$RUN/root"

	# a': the same again with the proof files in place, as in a kernel
	# rebuild: the files are rewritten rather than created.
	# shellcheck disable=SC2086
	measure tree_rebuild "$REPS" "$TOOL" tree --list "$LIST" --root-out "$RUN/root" ${BENCH_TREE_ARGS:-}
	check_root "$RUN/root" "$n"

	# d: verify the installed form of every module against the root.
	say "appending every proof to a copy of the set (not timed)"
	make_proved_copy "$LIST" "$RUN/proved"
	clean_proofs
	relist "$LIST" "$RUN/proved" >"$RUN/proved.list"
	measure verify "$REPS" "$TOOL" verify --root "$RUN/root" --list "$RUN/proved.list"
	local lines
	lines=$(grep -c . "$RUN/verify.out" || true)
	[ "$lines" -ge "$n" ] || die "verify printed $lines lines for $n modules (see $RUN/verify.out)"
	record verify_lines "$lines"

	# c: the kernel's sign-file, one module at a time, as kbuild runs it.
	measure signfile 1 xargs -d '\n' -n 1 -a "$RUN/signed.list" "$SIGNFILE" sha256 "$KEY" "$CERT"
	check_signed "$RUN/signed.list"
}

# Render the section from the figures and splice it into BENCHMARKS.md.
write_report() {
	python3 - "$RESULTS" "$OUT/set.info" "$DOC" "$TOOL" <<-'EOF'
	import os, shlex, sys
	def load(path):
	    d = {}
	    for line in open(path):
	        if "=" in line:
	            k, v = line.rstrip("\n").split("=", 1)
	            d[k] = " ".join(shlex.split(v)) if v else ""
	    return d
	r, info = load(sys.argv[1]), load(sys.argv[2])
	doc, tool = sys.argv[3], sys.argv[4]
	f = lambda k: float(r[k])
	MB, MiB = 1e6, 1024 * 1024
	n, nbytes = int(info["SET_COUNT"]), int(info["SET_BYTES"])
	qn, qbytes = int(r["quarter_count"]), int(r["quarter_bytes"])

	# The hashing limit: the faster of the two single-core openssl runs.
	base_key = min(("sha_stream", "sha_files"), key=lambda k: f(k + "_wall"))
	base = f(base_key + "_wall")
	tree = f("tree_wall")
	tree_ratio = tree / base if base > 0 else float("inf")
	sign_ratio = f("signfile_wall") / tree if tree > 0 else float("inf")
	rss_q, rss_f = int(r["tree_quarter_rss_kib"]), int(r["tree_rss_kib"])
	rss_growth = (rss_f - rss_q) * 1024
	added = nbytes - qbytes
	# Memory is "independent of the set's size" when peak RSS grows by less
	# than 1% of the extra bytes hashed (per-module bookkeeping, such as 32
	# bytes of digest per leaf, is expected; holding module data is not).
	mem_ok = rss_growth < 0.01 * added
	met = {
	    "tree": tree_ratio <= 1.15,
	    "sign": sign_ratio >= 100,
	    "mem": mem_ok,
	}
	yes = lambda b: "**met**" if b else "**NOT met**"

	rows = [
	    ("sha_stream", "`xargs -a set.list cat \\| openssl dgst -sha256` (one stream, one core hashing)", n),
	    ("sha_files", "`xargs -a set.list openssl dgst -sha256` (per file, one core)", n),
	    ("create_files", f"reference: create one {r['proof_bytes']}-byte file next to each module (Python, one core), the filesystem's floor for writing proofs", n),
	    ("tree", f"`sign-or-hash tree --list set.list --root-out ROOT` (root + {n} proofs, all cores)", n),
	    ("tree_rebuild", "same again, the proof files already there (a rebuild: rewritten, not created)", n),
	    ("tree_quarter", f"same, first 1/4 of the set ({qn} modules)", qn),
	    ("verify", "`sign-or-hash verify --root ROOT --list proved.list`: every module with its proof appended (all cores)", n),
	    ("signfile", "`xargs -n 1 -a copy.list sign-file sha256 KEY CERT`: the kernel's `scripts/sign-file`, RSA-4096, one module at a time, on a copy", n),
	]
	out = []
	w = out.append
	w("<!-- bench:host:begin -->")
	w("## Host tool: sign-or-hash on the Debian 6.12 module set")
	w("")
	w("Written by `make bench` (`mk/bench.sh`); the next run replaces this section.")
	w("")
	w("### Machine")
	w("")
	w("| | |")
	w("|---|---|")
	w(f"| CPU | {r['cpu_model']} |")
	w(f"| Cores (nproc) | {r['nproc']} |")
	w(f"| RAM | {int(r['mem_kib']) / 1024 / 1024:.1f} GiB |")
	w(f"| Kernel | {r['kernel']} |")
	w(f"| OpenSSL | {r['openssl']} |")
	w(f"| Filesystem of build/ | {r['fs']} |")
	w(f"| Tool | `{tool}`, source commit {r['commit']} |")
	w(f"| Date | {r['date']} |")
	w(f"| Cores busy with other work when the run started | {r['busy_start']} (3 s sample) |")
	w("")
	w("### Module set")
	w("")
	w(f"`{info['SET_PACKAGE']}` version {info['SET_VERSION']} from Debian's archive "
	  f"(modules of {info['SET_KVER']}): **{n} modules, {nbytes / MB:.1f} MB "
	  f"({nbytes / MiB:.1f} MiB)**, after decompressing every `.ko.xz` and stripping the "
	  f"{info['SET_STRIPPED']} appended signatures; largest module "
	  f"{int(info['SET_LARGEST']) / MB:.1f} MB. Leaf order: paths sorted bytewise. "
	  f"The first quarter is {qn} modules, {qbytes / MB:.1f} MB.")
	w("")
	w("Method: the steps run one after another in the same invocation, never two "
	  "at once. The page cache cannot be dropped reliably here, so the "
	  "whole set is read once before timing (warm-up) and every step reads it from "
	  "memory: the figures are for a cached set. Wall time, user+sys CPU time and "
	  "peak RSS come from GNU `time`; for a pipeline or `xargs`, peak RSS is that of "
	  "the largest single process. Steps that take seconds or less run several times "
	  "and the run with the median wall time is reported (with the range of all "
	  "runs, and the highest peak RSS); `sign-file` runs once. Copies for `sign-file` and `verify` are made "
	  "outside the timed parts.")
	w("")
	if float(r["busy_start"]) > 0.25:
	    w(f"**Warning:** the machine was not idle when this run started ({r['busy_start']} "
	      f"cores busy with other work): it competed for the {r['nproc']} cores, so the "
	      f"figures below are pessimistic. Run `make bench` again on a quiet machine.")
	    w("")
	# A single-threaded step whose wall time is well above its CPU time
	# waited for a core or the disk: other work ran during the benchmark.
	waited = [k for k in ("sha_files", "signfile") if f(k + "_wall") > 1.3 * f(k + "_cpu")]
	if waited:
	    w(f"**Warning:** single-threaded steps took far more wall time than CPU time "
	      f"({', '.join(waited)}): other work competed for the machine during the run, "
	      f"so the figures below are pessimistic. Run `make bench` again on a quiet machine.")
	    w("")
	w("### Results")
	w("")
	w("| Step | Modules | Runs | Wall (s), median | Wall range (s) | CPU user+sys (s) | Peak RSS (MiB) | MB/s (wall) |")
	w("|---|---:|---:|---:|---:|---:|---:|---:|")
	for key, label, count in rows:
	    size = nbytes if count == n else qbytes
	    wall = f(key + "_wall")
	    rate = f"{size / MB / wall:.0f}" if wall > 0 and key != "create_files" else "-"
	    runs = int(r[key + "_runs"])
	    spread = f"{f(key + '_wall_min'):.2f}-{f(key + '_wall_max'):.2f}" if runs > 1 else "-"
	    w(f"| {label} | {count} | {runs} | {wall:.2f} | {spread} | {f(key + '_cpu'):.2f} | "
	      f"{int(r[key + '_rss_kib']) / 1024:.1f} | {rate} |")
	w("")
	w(f"The targets are judged on the first `tree` row, where {n} proof files are "
	  f"created afresh; creating files is most of its time on this filesystem. "
	  f"Rewriting existing proofs, as a kernel rebuild does, takes "
	  f"{f('tree_rebuild_wall'):.2f} s ({f('tree_rebuild_wall') / base:.2f}x the hashing limit).")
	w("")
	w(f"`verify` accepted all {n} modules (exit status 0).")
	w("")
	w("### Targets")
	w("")
	base_name = "one stream" if base_key == "sha_stream" else "per file"
	w("| Target | Figure | Result |")
	w("|---|---|---|")
	w(f"| tree + proofs within 1.15x of the single-core SHA-256 time of the set "
	  f"| tree wall / openssl wall ({base_name}, the faster) = "
	  f"{tree:.2f} / {base:.2f} = **{tree_ratio:.2f}x** | {yes(met['tree'])} |")
	w(f"| at least 100x faster than sign-file "
	  f"| sign-file wall / tree wall = {f('signfile_wall'):.2f} / {tree:.2f} = "
	  f"**{sign_ratio:.0f}x** | {yes(met['sign'])} |")
	w(f"| memory independent of the set's size "
	  f"| peak RSS {rss_q / 1024:.1f} MiB for 1/4 of the set, {rss_f / 1024:.1f} MiB for all of it "
	  f"({rss_growth / MiB:+.2f} MiB for +{added / MB:.0f} MB hashed; met when the growth "
	  f"is under 1% of the added bytes) | {yes(met['mem'])} |")
	w("")
	if all(met.values()):
	    w("All three targets are met.")
	else:
	    missed = [k for k, v in met.items() if not v]
	    w(f"Targets NOT met: {', '.join(missed)}.")
	w("<!-- bench:host:end -->")
	section = "\n".join(out) + "\n"

	begin, end = "<!-- bench:host:begin -->", "<!-- bench:host:end -->"
	if os.path.exists(doc):
	    text = open(doc).read()
	    if begin in text and end in text:
	        head = text[:text.index(begin)]
	        tail = text[text.index(end) + len(end):].lstrip("\n")
	        text = head + section + ("\n" + tail if tail else "")
	    else:
	        text = text.rstrip("\n") + "\n\n" + section
	else:
	    text = ("# Benchmarks\n\nEach section is written by a benchmark script; "
	            "`make bench` regenerates them.\n\n" + section)
	with open(doc + ".tmp", "w") as fh:
	    fh.write(text)
	os.replace(doc + ".tmp", doc)
	sys.stdout.write(section)
	sys.exit(0 if all(met.values()) else 3)
	EOF
}

main() {
	mk/bench-dataset.sh || die "preparing the module set failed"
	[ -x /usr/bin/time ] || die "/usr/bin/time missing (package time)"
	[ -x "$TOOL" ] || die "$TOOL missing: run 'make tool' first"
	[ -x "$SIGNFILE" ] || die "$SIGNFILE missing"
	[ -s "$LIST" ] || die "$LIST missing or empty"

	rm -rf "$RUN"
	mkdir -p "$RUN"
	: >"$RESULTS"
	clean_proofs
	trap on_exit EXIT

	machine_facts
	wait_for_idle
	run_benchmarks

	local rc=0
	write_report || rc=$?
	case $rc in
	0) say "all targets met; figures written to $DOC" ;;
	3)
		say "WARNING: some targets NOT met (see $DOC)"
		if [ "${BENCH_STRICT:-0}" = 1 ]; then
			exit 1
		fi
		;;
	*) die "writing $DOC failed" ;;
	esac
}

main "$@"
