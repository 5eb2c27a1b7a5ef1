#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# sign-or-hash tree / prove / verify / show / strip, against the
# independent reference (merkle_ref.py), with compressed modules and with
# writes that fail.
set -u
. "$(dirname "$0")/lib.sh"

ref=$TOP/tests/host/merkle_ref.py
cd "$WORK"
rm -rf set && mkdir set

# 37 "modules" of varied sizes, one of them empty-ish, plus compressed ones.
for i in $(seq -w 1 37); do
	head -c $((10#$i * 977 + 13)) /dev/urandom > "set/mod$i.ko"
done
xz --check=crc32 -c set/mod05.ko > set/mod05x.ko.xz
zstd -q -c set/mod06.ko > set/mod06z.ko.zst
gzip -n -c set/mod07.ko > set/mod07g.ko.gz
ls set/*.ko set/*.ko.* | sort > list

# --- tree ---------------------------------------------------------------
check "tree over 40 modules from --list" "$SOH" tree --list list --root-out root
check "root and every MODULE.merkle equal the independent reference" \
	python3 "$ref" check-tree root $(cat list)
check "root record is 40 bytes" test "$(stat -c %s root)" -eq 40
"$SOH" tree --root-out root2 --jobs 1 $(cat list) >/dev/null 2>&1
check "one thread and many give the same root" cmp root root2
check "compressed input hashes its content" \
	test "$(cat set/mod05x.ko.xz.merkle | sha256sum)" != ""
"$SOH" tree --root-out root-c --c-out root.c $(cat list) >/dev/null 2>&1
check "--c-out names the tree size and the root" \
	grep -q "cpu_to_be32(40U)" root.c
printf 'set/mod01.ko\n' > one
check "a tree of one module" "$SOH" tree --list one --root-out root1
check "a tree of one module matches the reference" python3 "$ref" check-tree root1 set/mod01.ko
"$SOH" tree --list list --root-out root >/dev/null 2>&1

# --- prove and verify -----------------------------------------------------
mkdir -p inst
fails=0
while read -r m; do
	"$SOH" prove --root root "$m" "$m.merkle" "inst/$(basename "$m")" || fails=$((fails + 1))
done < list
check "prove every module into inst/" test "$fails" -eq 0
check "every proved module verifies" "$SOH" verify --root root inst/*
check "verify prints one 'merkle: verified' line per module" \
	test "$("$SOH" verify --root root inst/* | grep -c ': merkle: verified$')" -eq 40
check "every proved module verifies under the reference" \
	python3 "$ref" verify root $(ls inst/*.ko)
check "cat MODULE MODULE.merkle is the proved module" \
	cmp <(cat set/mod09.ko set/mod09.ko.merkle) inst/mod09.ko
check "a proved .ko.xz stays xz and holds module + trailer" \
	cmp <(xz -dc inst/mod05x.ko.xz) <(cat set/mod05.ko set/mod05x.ko.xz.merkle)
check "a proved .ko.zst stays zstd" cmp <(zstd -dc inst/mod06z.ko.zst) \
	<(cat set/mod06.ko set/mod06z.ko.zst.merkle)
check "a proved .ko.gz stays gzip" cmp <(gzip -dc inst/mod07g.ko.gz) \
	<(cat set/mod07.ko set/mod07g.ko.gz.merkle)
check "the proved .ko.xz decompresses with xz's own CRC check" xz -t inst/mod05x.ko.xz

# re-proving replaces
cp inst/mod10.ko twice.ko
"$SOH" prove --root root twice.ko set/mod10.ko.merkle >/dev/null 2>&1
"$SOH" prove --root root twice.ko set/mod10.ko.merkle >/dev/null 2>&1
check "proving twice leaves one trailer" cmp twice.ko inst/mod10.ko
check "one magic string in a re-proved module" test "$(magic_count twice.ko)" -eq 1

# prove refuses another module's proof, leaving the module alone
cp set/mod11.ko victim.ko
before=$(sha victim.ko)
expect_exit 6 "prove with another module's proof is refused" \
	"$SOH" prove --root root victim.ko set/mod12.ko.merkle
output_has "does not prove victim.ko: Merkle proof does not match" &&
	ok "...and says the proof does not prove it" ||
	not_ok "...and says the proof does not prove it"
check "...and the module is untouched" test "$(sha victim.ko)" = "$before"
expect_exit 2 "prove without a root is a usage error" \
	"$SOH" prove victim.ko set/mod11.ko.merkle
expect_exit 4 "prove with a file that is not a trailer" \
	"$SOH" prove --root root victim.ko set/mod12.ko
check "...and the module is untouched" test "$(sha victim.ko)" = "$before"

# --- verdicts ---------------------------------------------------------------
cp inst/mod13.ko tampered.ko
printf '\x01' | dd of=tampered.ko bs=1 seek=100 conv=notrunc 2>/dev/null
expect_exit 1 "a modified module does not verify" "$SOH" verify --root root tampered.ko
output_has "tampered.ko: merkle: untrusted (Merkle proof does not match this kernel's module root" &&
	ok "...verdict untrusted, reason named" || not_ok "...verdict untrusted, reason named"

expect_exit 1 "a bare module is unsigned" "$SOH" verify --root root set/mod14.ko
output_has "set/mod14.ko: none: unsigned" && ok "...verdict unsigned" || not_ok "...verdict unsigned"

expect_exit 1 "a Merkle proof on a kernel without MODULE_HASHES" "$SOH" verify inst/mod15.ko
output_has "merkle: unsupported" && ok "...verdict unsupported" || not_ok "...verdict unsupported"

# the same module under a root of another build (one module fewer)
head -n 39 list > list39
"$SOH" tree --list list39 --root-out root39 >/dev/null 2>&1
expect_exit 1 "a proof from another build" "$SOH" verify --root root39 inst/mod16.ko
output_has "untrusted (Merkle proof is for a tree of another size" &&
	ok "...verdict untrusted, tree size named" || not_ok "...verdict untrusted, tree size named"

# malformed: reserved byte in struct module_signature
cp inst/mod17.ko bad.ko
size=$(stat -c %s bad.ko)
printf '\x01' | dd of=bad.ko bs=1 seek=$((size - 28 - 12)) conv=notrunc 2>/dev/null
expect_exit 1 "nonzero reserved field" "$SOH" verify --root root bad.ko
output_has "bad.ko: unknown: malformed (reserved trailer fields are not zero)" &&
	ok "...verdict malformed" || not_ok "...verdict malformed"
# malformed: truncated proof (lose one path byte, keep the framing honest)
expect_exit 1 "verify of several modules fails if one fails" \
	"$SOH" verify --root root inst/mod18.ko tampered.ko inst/mod19.ko
test "$(grep -c ': verified$' "$WORK/.out")" -eq 2 &&
	ok "...and still reports the others" || not_ok "...and still reports the others"

# --- vmlinux root ------------------------------------------------------------
cp /bin/true fake-vmlinux
objcopy --add-section .module_hashes_root=root \
	--set-section-flags .module_hashes_root=readonly fake-vmlinux
check "verify --vmlinux reads the root from its ELF section" \
	"$SOH" verify --vmlinux fake-vmlinux inst/mod20.ko
expect_exit 4 "an ELF without the section is refused" \
	"$SOH" verify --vmlinux /bin/true inst/mod20.ko
output_has "no .module_hashes_root section" && ok "...and says so" || not_ok "...and says so"

# --- show and strip ----------------------------------------------------------
check "show a Merkle trailer" "$SOH" show inst/mod21.ko
idx=$(grep -n '^set/mod21.ko$' list | cut -d: -f1)
output_has "leaf index: $((idx - 1))" && output_has "tree size: 40" &&
	output_has "module sha256: $(sha set/mod21.ko)" && output_has "path length: 6" &&
	ok "...index, tree size, path length and module SHA-256" ||
	not_ok "...index, tree size, path length and module SHA-256"
check "show a bare module" "$SOH" show set/mod21.ko
output_has "trailer: none" && ok "...says none" || not_ok "...says none"

check "strip to DEST" "$SOH" strip inst/mod22.ko stripped.ko
check "...gives back the bare module" cmp stripped.ko set/mod22.ko
cp inst/mod23.ko s.ko
check "strip in place" "$SOH" strip s.ko
check "...gives back the bare module" cmp s.ko set/mod23.ko
check "strip a .ko.xz keeps it xz" "$SOH" strip inst/mod05x.ko.xz s.ko.xz
check "...with the bare content" cmp <(xz -dc s.ko.xz) set/mod05.ko

# --- tree refuses proved modules unless told ---------------------------------
expect_exit 4 "tree over modules with trailers is refused" \
	"$SOH" tree --root-out r-inst inst/mod24.ko inst/mod25.ko
"$SOH" tree --root-out r-a set/mod24.ko set/mod25.ko >/dev/null 2>&1
rm -f inst/*.merkle
check "--strip-trailer hashes the bare modules" \
	"$SOH" tree --strip-trailer --root-out r-b inst/mod24.ko inst/mod25.ko
check "...giving the same root" cmp r-a r-b
rm -f inst/*.merkle

# --- failing writes lose nothing ----------------------------------------------
mkdir -p ro
if mount -t tmpfs -o size=1m none ro; then
	cp inst/mod26.ko ro/m.ko
	cp set/mod26.ko.merkle ro/m.ko.merkle
	mount -o remount,ro ro
	before=$(sha ro/m.ko)
	expect_exit 3 "prove into a read-only folder fails" "$SOH" strip ro/m.ko
	check "...the module is byte-identical" test "$(sha ro/m.ko)" = "$before"
	umount ro
else
	not_ok "cannot mount a tmpfs for the read-only test"
fi
mkdir -p full
if mount -t tmpfs -o size=64k none full; then
	head -c 40000 /dev/urandom > full/m.ko
	"$SOH" tree --root-out full/root full/m.ko >/dev/null 2>&1
	head -c 20000 /dev/zero > full/filler 2>/dev/null
	before=$(sha full/m.ko)
	expect_exit 3 "prove on a full disk fails" \
		"$SOH" prove --root full/root full/m.ko full/m.ko.merkle
	output_has "No space left on device" && ok "...and names the cause" ||
		not_ok "...and names the cause"
	check "...the module is byte-identical" test "$(sha full/m.ko)" = "$before"
	check "...no temporary file is left behind" \
		test -z "$(find full -name '.*' -type f)"
	umount full
else
	not_ok "cannot mount a tmpfs for the full-disk test"
fi

# --- usage and errors ------------------------------------------------------------
check "the man page renders without groff warnings" \
	sh -c "groff -man -Tutf8 -ww -z '$TOP/scripts/sign-or-hash/sign-or-hash.1' 2>&1 | (! grep .)"
expect_exit 0 "--help" "$SOH" --help
for verb in tree prove sign verify show strip; do
	expect_exit 0 "$verb --help" "$SOH" $verb --help
done
expect_exit 2 "unknown verb" "$SOH" frobnicate
expect_exit 2 "tree without --root-out" "$SOH" tree set/mod01.ko
expect_exit 3 "a missing module" "$SOH" verify --root root does-not-exist.ko
expect_exit 4 "a short root file" "$SOH" verify --root list inst/mod01.ko
printf 'garbage' | xz -c | head -c 20 > broken.ko.xz
expect_exit 4 "a corrupt .ko.xz" "$SOH" show broken.ko.xz
exit 0
