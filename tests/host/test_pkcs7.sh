#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# PKCS#7 signing and checking by sign-or-hash, against the kernel's own
# scripts/sign-file and openssl cms.
#
# Environment: SOH (the sign-or-hash binary), KSRC (a Linux 6.12 source
# tree, for scripts/sign-file.c), WORK (a scratch folder of our own).
# Prints one TAP line per check; the runner counts them, so every case
# prints a line even when its setup failed, and the exit status is 0
# either way.

# Helpers are called through check() and run(), which shellcheck cannot see.
# shellcheck disable=SC2317
set -u

SOH=${SOH:-}
WORK=${WORK:-}
KSRC=${KSRC:-}
if [ ! -x "$SOH" ] || [ -z "$WORK" ]; then
	echo "not ok - SOH (an executable) and WORK must be set"
	exit 0
fi
case $SOH in /*) ;; *) SOH=$PWD/$SOH ;; esac

MAGIC='~Module signature appended~'

# A fresh folder per run, so that nothing of an earlier run is mistaken
# for output of this one.
if ! mkdir -p "$WORK" || ! T=$(mktemp -d "$WORK/pkcs7.XXXXXX") ||
   ! cd "$T"; then
	echo "not ok - cannot make a folder under $WORK"
	exit 0
fi
mkdir -p bin keys log

LOG=$T/log/test.log
: >"$LOG"

pass() { echo "ok - $*"; }
fail() { echo "not ok - $*"; }

# check DESCRIPTION COMMAND...: one TAP line for the command's success.
check() {
	local desc=$1
	shift
	echo "### $desc: $*" >>"$LOG"
	if "$@" >>"$LOG" 2>&1; then
		pass "$desc"
	else
		fail "$desc"
	fi
}

# Exit status of the last run(), and its stdout and stderr.
RC=0
OUT=$T/log/out
ERR=$T/log/err
run() {
	echo "### run: $*" >>"$LOG"
	"$@" >"$OUT" 2>"$ERR"
	RC=$?
	cat "$OUT" "$ERR" >>"$LOG"
	return 0
}

# A module of a fixed, odd size (so the trailer is not aligned), the same
# bytes on every run.
make_module() {
	local seed=$1 size=$2
	openssl enc -aes-128-ctr -nosalt -pass "pass:$seed" -md sha256 \
		-in /dev/zero 2>/dev/null | head -c "$size"
}

# Trailer fields of FILE, as this shell reads them.
file_size() { stat -c %s "$1"; }

sig_len() {
	local b
	read -r -a b < <(tail -c 32 "$1" | head -c 4 | od -An -tu1)
	echo $(((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]))
}

# Splits signed FILE into FILE.body and FILE.payload.
split_trailer() {
	local f=$1 size len
	size=$(file_size "$f")
	len=$(sig_len "$f")
	[ "$(tail -c 28 "$f")" = "$MAGIC" ] || return 1
	head -c $((size - 40 - len)) "$f" >"$f.body"
	tail -c $((40 + len)) "$f" | head -c "$len" >"$f.payload"
}

magic_count() {
	grep -a -o -F "$MAGIC" "$1" | wc -l
}

# openssl's own opinion of a detached signature over BODY.
openssl_verifies() {
	local payload=$1 body=$2 cert=$3
	openssl cms -verify -binary -inform DER -in "$payload" \
		-content "$body" -certfile "$cert" -noverify \
		-out /dev/null
}

# The ASN.1 structure of a DER file without offsets, lengths and the
# signature bytes: what two signers must agree on.
asn1_shape() {
	openssl asn1parse -inform DER -in "$1" |
		sed -e 's/^ *[0-9]*:d=\([0-9]*\) *hl=[0-9]* *l= *[0-9]*/d=\1/' \
		    -e 's/\[HEX DUMP\]:.*/[HEX DUMP]/'
}

cms_print() {
	openssl cms -cmsout -print -inform DER -in "$1"
}

# absent FIELD PRINTOUT: cms_print shows FIELD as <ABSENT>, on its own
# line or the next.
absent() {
	grep -A1 "^ *$1:" "$2" | grep -q '<ABSENT>'
}

# Verify prints "MODULE: MECHANISM: WORDS (reason)"; it said WORDS?
verify_says() {
	local words=$1
	shift
	run "$SOH" verify "$@"
	grep -q -- ": pkcs7: $words" "$OUT"
}

# The tool's temporary files are .NAME.XXXXXX beside the destination.
no_temp_files() {
	local f
	for f in "$1"/.*.??????; do
		[ -e "$f" ] && return 1
	done
	return 0
}

# ---- keys and certificates ----

cat >keys/ext.cnf <<'EOF'
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = sign-or-hash test CA
[ ca ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ signer ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = codeSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF

make_ca() {
	local name=$1
	openssl req -new -x509 -newkey rsa:2048 -nodes -days 30 \
		-subj "/CN=$name" -config keys/ext.cnf -extensions ca \
		-keyout "keys/$name.key" -out "keys/$name.crt"
}

# make_signer NAME CA SERIAL KEYOPTS...
make_signer() {
	local name=$1 ca=$2 serial=$3
	shift 3
	openssl req -new -nodes -subj "/CN=$name" "$@" \
		-keyout "keys/$name.key" -out "keys/$name.csr" &&
	openssl x509 -req -in "keys/$name.csr" -days 30 \
		-CA "keys/$ca.crt" -CAkey "keys/$ca.key" -set_serial "$serial" \
		-extfile keys/ext.cnf -extensions signer -out "keys/$name.crt"
}

{
	make_ca ca && make_ca otherca &&
	make_signer rsa ca 0x1001 -newkey rsa:2048 &&
	make_signer ec ca 0x1002 -newkey ec \
		-pkeyopt ec_paramgen_curve:secp384r1 &&
	make_signer stranger otherca 0x1001 -newkey rsa:2048 &&
	openssl pkey -in keys/rsa.key -aes256 -passout pass:s3cret \
		-out keys/rsa-enc.key &&
	openssl x509 -in keys/rsa.crt -outform DER -out keys/rsa.der
} >>"$LOG" 2>&1
check "test keys and certificates made with openssl" \
	test -s keys/rsa.crt -a -s keys/ec.crt -a -s keys/stranger.crt \
	     -a -s keys/rsa-enc.key -a -s keys/rsa.der
check "signer certificates carry codeSigning and a subjectKeyIdentifier" \
	bash -c 'openssl x509 -in keys/ec.crt -noout -text |
		 grep -q "Code Signing" &&
		 openssl x509 -in keys/ec.crt -noout -text |
		 grep -q "Subject Key Identifier"'

make_module 1 12345 >mod.ko
make_module 2 7001 >mod2.ko

# ---- the kernel's sign-file ----

SIGN_FILE=$T/bin/kernel-sign-file
if [ -n "$KSRC" ] && [ -f "$KSRC/scripts/sign-file.c" ]; then
	gcc -O1 -Wno-deprecated-declarations -o "$SIGN_FILE" \
		"$KSRC/scripts/sign-file.c" -I"$KSRC/scripts" \
		-I"$KSRC/tools/include" -lcrypto \
		>>"$LOG" 2>&1
fi
check "kernel scripts/sign-file built from \$KSRC" test -x "$SIGN_FILE"

# ksign ARGS...: the kernel's sign-file, failing cleanly when missing.
ksign() {
	[ -x "$SIGN_FILE" ] || return 127
	"$SIGN_FILE" "$@"
}

# ---- round trips ----

for k in rsa ec; do
	h=sha256
	[ $k = ec ] && h=sha384
	cp mod.ko rt-$k.ko
	run "$SOH" sign $h keys/$k.key keys/$k.crt rt-$k.ko
	check "$k: sign exits 0" test $RC -eq 0
	check "$k: verify --cert says verified" \
		verify_says verified --cert keys/$k.crt rt-$k.ko
	check "$k: verify exits 0" test $RC -eq 0
	check "$k: signed module is the original plus one trailer" \
		bash -c "cmp <(head -c 12345 rt-$k.ko) mod.ko"
	split_trailer rt-$k.ko
	check "$k: openssl cms -verify accepts our payload" \
		openssl_verifies rt-$k.ko.payload rt-$k.ko.body keys/$k.crt
	run cms_print rt-$k.ko.payload
	check "$k: no certificates in the message" \
		absent certificates "$OUT"
	check "$k: no signed attributes" absent signedAttrs "$OUT"
	check "$k: content detached" absent eContent "$OUT"
	check "$k: signer named by issuer and serial number" \
		grep -q 'd.issuerAndSerialNumber' "$OUT"
	check "$k: struct module_signature is 0 0 2 0 0 0 0 0 + be32 length" \
		test "$(tail -c 40 rt-$k.ko | head -c 8 | od -An -tx1 | tr -d ' ')" = \
		     0000020000000000
done

check "show prints signer, key id and digest" bash -c \
	"'$SOH' show rt-ec.ko | grep -q 'key id: 10:02' &&
	 '$SOH' show rt-ec.ko | grep -q 'digest: sha384' &&
	 '$SOH' show rt-ec.ko | grep -q 'signer issuer: ca' &&
	 '$SOH' show rt-ec.ko | grep -q 'signature algorithm: ecdsa-with-SHA384'"

cp mod.ko rt-der.ko
run "$SOH" sign sha256 keys/rsa.key keys/rsa.der rt-der.ko
check "a DER certificate gives the same signature as PEM" cmp rt-der.ko rt-rsa.ko

cat keys/rsa.key keys/rsa.crt >keys/combined.pem
cp mod.ko rt-pem.ko
run "$SOH" sign sha256 keys/combined.pem keys/combined.pem rt-pem.ko
check "key and certificate in one PEM file (signing_key.pem) work" \
	cmp rt-pem.ko rt-rsa.ko

cp mod.ko rt-dest.ko
run "$SOH" sign sha256 keys/rsa.key keys/rsa.crt rt-dest.ko rt-dest-out.ko
check "DEST gets the signed module and MODULE is untouched" \
	bash -c 'cmp rt-dest.ko mod.ko && cmp rt-dest-out.ko rt-rsa.ko'

# ---- interoperability with the kernel's sign-file ----

for k in rsa ec; do
	h=sha256
	[ $k = ec ] && h=sha384
	for kid in "" -k; do
		tag="$k${kid:+ keyid}"
		f=ks-$k$kid.ko
		o=us-$k$kid.ko
		cp mod.ko "$f"
		cp mod.ko "$o"
		ksign $kid $h keys/$k.key keys/$k.crt "$f" >>"$LOG" 2>&1
		check "$tag: sign-file output made" test "$(magic_count "$f")" -eq 1
		check "$tag: sign-file output verifies with sign-or-hash" \
			verify_says verified --cert keys/$k.crt "$f"
		run "$SOH" sign $kid $h keys/$k.key keys/$k.crt "$o"
		check "$tag: ours verifies with sign-or-hash" \
			verify_says verified --cert keys/$k.crt "$o"
		split_trailer "$f"
		split_trailer "$o"
		check "$tag: ours verifies with openssl cms -verify" \
			openssl_verifies "$o.payload" "$o.body" keys/$k.crt
		check "$tag: same struct module_signature and magic as sign-file" \
			bash -c "cmp <(tail -c 40 '$f' | head -c 8) <(tail -c 40 '$o' | head -c 8) &&
				 cmp <(tail -c 28 '$f') <(tail -c 28 '$o')"
		asn1_shape "$f.payload" >"$f.shape" 2>>"$LOG"
		asn1_shape "$o.payload" >"$o.shape" 2>>"$LOG"
		check "$tag: same ASN.1 structure as sign-file" \
			bash -c "test -s '$o.shape' && cmp '$f.shape' '$o.shape'"
		if [ -n "$kid" ]; then
			check "$tag: signer named by subjectKeyIdentifier" \
				bash -c "openssl cms -cmsout -print -inform DER -in '$o.payload' |
					 grep -q 'd.subjectKeyIdentifier'"
		fi
		if [ $k = rsa ]; then
			# PKCS#1 v1.5 is deterministic: nothing may differ.
			check "$tag: byte-identical to sign-file" cmp "$f" "$o"
		fi
	done
done

# ---- -d, -p and -s ----

cp mod.ko d.ko
run "$SOH" sign -d sha256 keys/rsa.key keys/rsa.crt d.ko
check "-d writes MODULE.p7s" test -s d.ko.p7s
check "-d leaves the module untouched" cmp d.ko mod.ko
check "-d signature verifies over the module with openssl" \
	openssl_verifies d.ko.p7s mod.ko keys/rsa.crt
cp mod.ko kd.ko
ksign -d sha256 keys/rsa.key keys/rsa.crt kd.ko >>"$LOG" 2>&1
check "-d signature identical to sign-file -d" cmp d.ko.p7s kd.ko.p7s

cp mod.ko p.ko
run "$SOH" sign -p sha256 keys/rsa.key keys/rsa.crt p.ko
split_trailer p.ko
check "-p signs the module" cmp p.ko rt-rsa.ko
check "-p also writes MODULE.p7s, equal to the appended payload" \
	cmp p.ko.p7s p.ko.payload

cp mod.ko s.ko
run "$SOH" sign -s d.ko.p7s sha256 keys/rsa.crt s.ko
check "-s RAWSIG appends the given signature" cmp s.ko rt-rsa.ko
cp mod.ko s2.ko
run "$SOH" sign -s d.ko.p7s sha256 keys/stranger.crt s2.ko
check "-s warns when RAWSIG does not verify with X509 but still signs" \
	bash -c "test $RC -eq 0 && grep -q warning '$ERR' && cmp s2.ko rt-rsa.ko"
cp mod.ko s3.ko
head -c 300 /dev/zero >garbage.p7s
run "$SOH" sign -s garbage.p7s sha256 keys/rsa.crt s3.ko
check "-s refuses a RAWSIG that is not PKCS#7 and leaves the module" \
	bash -c "test $RC -ne 0 && cmp s3.ko mod.ko"

# ---- under the name sign-file ----

ln -sf "$SOH" bin/sign-file
cp mod.ko sf.ko
run bin/sign-file sha256 keys/rsa.key keys/rsa.crt sf.ko
check "as sign-file: signs like sign-or-hash sign" cmp sf.ko rt-rsa.ko
cp mod.ko sfk.ko
cp mod.ko ksfk.ko
run bin/sign-file -k sha256 keys/rsa.key keys/rsa.crt sfk.ko
ksign -k sha256 keys/rsa.key keys/rsa.crt ksfk.ko >>"$LOG" 2>&1
check "as sign-file -k: identical to the kernel's sign-file -k" cmp sfk.ko ksfk.ko
cp mod.ko sfs.ko
cp mod.ko ksfs.ko
run bin/sign-file -s d.ko.p7s sha256 keys/rsa.crt sfs.ko
ksign -s d.ko.p7s sha256 keys/rsa.crt ksfs.ko >>"$LOG" 2>&1
check "as sign-file -s: identical to the kernel's sign-file -s" cmp sfs.ko ksfs.ko
cp mod.ko sfd.ko
run bin/sign-file -dp sha256 keys/rsa.key keys/rsa.crt sfd.ko
check "as sign-file -dp: only MODULE.p7s" \
	bash -c "cmp sfd.ko mod.ko && cmp sfd.ko.p7s kd.ko.p7s"
cp mod.ko sfe.ko
run bin/sign-file sha256 keys/rsa.key keys/rsa.crt sfe.ko sfe.ko
check "as sign-file: DEST equal to MODULE signs in place" cmp sfe.ko rt-rsa.ko
run bin/sign-file sha256 keys/rsa.key
check "as sign-file: too few arguments exit 2 with sign-file's usage" \
	bash -c "test $RC -eq 2 && grep -q 'Usage: sign-file' '$ERR'"
run "$SOH" sign -x sha256 keys/rsa.key keys/rsa.crt mod.ko
check "sign: unknown option exits 2 with a usage line" \
	bash -c "test $RC -eq 2 && grep -q 'Usage: sign-or-hash sign' '$ERR'"

# ---- refusals ----

check "certificate of another CA: untrusted" \
	verify_says untrusted --cert keys/stranger.crt rt-rsa.ko
check "certificate of another CA: exit 1" test $RC -eq 1
check "CA certificate alone does not trust a CA-less signature" \
	verify_says untrusted --cert keys/ca.crt rt-rsa.ko

cp rt-rsa.ko tampered.ko
printf '\xff' | dd of=tampered.ko bs=1 seek=100 conv=notrunc 2>/dev/null
check "modified after signing: bad signature" \
	verify_says "bad signature" --cert keys/rsa.crt tampered.ko
check "modified after signing: exit 1" test $RC -eq 1

{
	cat mod.ko
	head -c 200 /dev/zero | tr '\0' 'A'
	printf '\0\0\2\0\0\0\0\0\0\0\0\310'
	printf '%s\n' "$MAGIC"
} >garbage.ko
check "garbage PKCS#7 payload: malformed" \
	verify_says malformed --cert keys/rsa.crt garbage.ko

# The same signature re-encoded as BER with indefinite lengths for the
# three outer elements, as streaming signers write it (the kernel's
# decoder takes it). The DER header is 4 + 11 + 4 + 4 bytes long.
p=rt-rsa.ko.payload
{
	printf '\x30\x80'
	tail -c +5 $p | head -c 11
	printf '\xa0\x80\x30\x80'
	tail -c +24 $p
	printf '\0\0\0\0\0\0'
} >ber.p7s
cp mod.ko ber.ko
run "$SOH" sign -s ber.p7s sha256 keys/rsa.crt ber.ko
check "BER (indefinite length) signature: openssl reads it" \
	openssl_verifies ber.p7s mod.ko keys/rsa.crt
check "BER (indefinite length) signature: verified" \
	verify_says verified --cert keys/rsa.crt ber.ko

# SignedData version 2: the kernel takes only 1 and 3.
{
	head -c 25 $p
	printf '\2'
	tail -c +27 $p
} >v2.p7s
cp mod.ko v2.ko
run "$SOH" sign -s v2.p7s sha256 keys/rsa.crt v2.ko
check "SignedData version 2: malformed" \
	verify_says malformed --cert keys/rsa.crt v2.ko

# A digest the kernel's PKCS#7 parser does not know (-ENOPKG).
openssl cms -sign -binary -outform DER -in mod.ko -signer keys/rsa.crt \
	-inkey keys/rsa.key -noattr -nocerts -md md5 -out md5.p7s >>"$LOG" 2>&1
cp mod.ko md5.ko
run "$SOH" sign -s md5.p7s sha256 keys/rsa.crt md5.ko
check "MD5 signature: unsupported" \
	verify_says unsupported --cert keys/rsa.crt md5.ko

# A signature as openssl cms makes it by default: signed attributes.
openssl cms -sign -binary -outform DER -in mod.ko -signer keys/rsa.crt \
	-inkey keys/rsa.key -nocerts -md sha256 -out attrs.p7s >>"$LOG" 2>&1
cp mod.ko attrs.ko
run "$SOH" sign -s attrs.p7s sha256 keys/rsa.crt attrs.ko
check "signed attributes (refused by the 6.12 kernel): bad signature" \
	verify_says "bad signature" --cert keys/rsa.crt attrs.ko
check "signed attributes: exit 1" test $RC -eq 1

# A message that carries the signer's certificate, issued by a trusted
# CA: the kernel follows the chain to the CA.
openssl cms -sign -binary -outform DER -in mod.ko -signer keys/rsa.crt \
	-inkey keys/rsa.key -noattr -md sha256 -out chain.p7s >>"$LOG" 2>&1
cp mod.ko chain.ko
run "$SOH" sign -s chain.p7s sha256 keys/rsa.crt chain.ko
check "carried signer certificate chains to a trusted CA: verified" \
	verify_says verified --cert keys/ca.crt chain.ko
check "carried signer certificate, CA of another: untrusted" \
	verify_says untrusted --cert keys/otherca.crt chain.ko

# ---- replacing trailers ----

cp mod.ko re.ko
"$SOH" sign sha256 keys/rsa.key keys/rsa.crt re.ko >>"$LOG" 2>&1
s1=$(file_size re.ko)
run "$SOH" sign sha256 keys/rsa.key keys/rsa.crt re.ko
check "re-signing: exit 0" test $RC -eq 0
check "re-signing keeps the size" test "$(file_size re.ko)" = "$s1"
check "re-signing leaves one magic, at the end" \
	bash -c "test \$(grep -a -o -F '$MAGIC' re.ko | wc -l) -eq 1 &&
		 test \"\$(tail -c 28 re.ko)\" = '$MAGIC'"
run "$SOH" sign sha384 keys/ec.key keys/ec.crt re.ko
check "re-signing with another key replaces the signature" \
	bash -c "'$SOH' verify --cert keys/ec.crt re.ko | grep -q verified &&
		 ! '$SOH' verify --cert keys/rsa.crt re.ko >/dev/null"

# A one-module tree: the proof is 12 bytes, no path.
{
	cat mod.ko
	printf '\1\4\0\0\0\0\0\0\0\0\0\1'
	printf '\0\0\3\0\0\0\0\0\0\0\0\14'
	printf '%s\n' "$MAGIC"
} >merkle.ko
check "hand-made Merkle trailer is read as one" \
	bash -c "'$SOH' show merkle.ko | grep -q merkle"
run "$SOH" sign sha256 keys/rsa.key keys/rsa.crt merkle.ko
check "signing a module with a Merkle proof replaces the proof" \
	cmp merkle.ko rt-rsa.ko

# ---- passwords ----

cp mod.ko pin.ko
KBUILD_SIGN_PIN=s3cret run "$SOH" sign sha256 keys/rsa-enc.key keys/rsa.crt pin.ko
check "encrypted key with KBUILD_SIGN_PIN" cmp pin.ko rt-rsa.ko
cp mod.ko nopin.ko
run env -u KBUILD_SIGN_PIN "$SOH" sign sha256 keys/rsa-enc.key keys/rsa.crt nopin.ko
check "encrypted key without KBUILD_SIGN_PIN: error naming it, module intact" \
	bash -c "test $RC -ne 0 && grep -q KBUILD_SIGN_PIN '$ERR' && cmp nopin.ko mod.ko"
cp mod.ko badpin.ko
KBUILD_SIGN_PIN=wrong run "$SOH" sign sha256 keys/rsa-enc.key keys/rsa.crt badpin.ko
check "wrong KBUILD_SIGN_PIN: exit 5, module intact" \
	bash -c "test $RC -eq 5 && cmp badpin.ko mod.ko"

# ---- key and argument errors ----

cp mod.ko err.ko
run "$SOH" sign sha256 keys/ec.key keys/rsa.crt err.ko
check "key of another certificate: exit 5, module intact" \
	bash -c "test $RC -eq 5 && grep -q 'does not belong' '$ERR' && cmp err.ko mod.ko"
run "$SOH" sign md5 keys/rsa.key keys/rsa.crt err.ko
check "a digest the kernel cannot check is refused" \
	bash -c "test $RC -ne 0 && cmp err.ko mod.ko"
run "$SOH" sign sha256 'pkcs11:token=none;object=none' keys/rsa.crt err.ko
check "pkcs11: URI: clear error (provider or token), module intact" \
	bash -c "test $RC -ne 0 && grep -q pkcs11 '$ERR' && cmp err.ko mod.ko"
run "$SOH" sign sha256 keys/missing.key keys/rsa.crt err.ko
check "missing key file: exit 3" test $RC -eq 3

# ---- failures leave the input intact ----

mkdir -p fail
cp mod.ko fail/in.ko
: >fail/notadir
run "$SOH" sign sha256 keys/rsa.key keys/rsa.crt fail/in.ko fail/notadir/out.ko
check "DEST under a regular file: non-zero exit" test $RC -ne 0
check "DEST under a regular file: input byte-identical" cmp fail/in.ko mod.ko
check "DEST under a regular file: no temporary file left" no_temp_files fail

run "$SOH" sign sha256 keys/rsa.key keys/rsa.crt fail/in.ko /proc/version
check "DEST in /proc: non-zero exit, input intact" \
	bash -c "test $RC -ne 0 && cmp fail/in.ko mod.ko"

# A write that fails half-way: a 4 KiB file size limit, SIGXFSZ ignored
# so that write() returns EFBIG.
run bash -c "trap '' XFSZ; ulimit -f 4; exec '$SOH' sign sha256 keys/rsa.key keys/rsa.crt fail/in.ko"
check "write failing half-way (EFBIG): non-zero exit" test $RC -ne 0
check "write failing half-way: module byte-identical" cmp fail/in.ko mod.ko
check "write failing half-way: no temporary file left" no_temp_files fail

# ---- compressed modules ----

cp mod.ko cx.ko
xz --check=crc32 -f cx.ko
run "$SOH" sign sha256 keys/rsa.key keys/rsa.crt cx.ko.xz
check ".ko.xz: sign exits 0" test $RC -eq 0
check ".ko.xz: still xz" bash -c "xz -t cx.ko.xz"
xz -dc cx.ko.xz >cx-plain.ko 2>>"$LOG"
check ".ko.xz: decompressed = signed plain module" cmp cx-plain.ko rt-rsa.ko
check ".ko.xz: decompressed verifies" \
	verify_says verified --cert keys/rsa.crt cx-plain.ko
check ".ko.xz: verifies as it is" \
	verify_says verified --cert keys/rsa.crt cx.ko.xz

cp mod.ko cz.ko
zstd -q -f --rm cz.ko
run "$SOH" sign sha256 keys/rsa.key keys/rsa.crt cz.ko.zst
check ".ko.zst: sign exits 0" test $RC -eq 0
zstd -q -dc cz.ko.zst >cz-plain.ko 2>>"$LOG"
check ".ko.zst: decompressed = signed plain module" cmp cz-plain.ko rt-rsa.ko
check ".ko.zst: decompressed verifies" \
	verify_says verified --cert keys/rsa.crt cz-plain.ko

cp mod.ko cg.ko
gzip -n -f cg.ko
run "$SOH" sign sha256 keys/rsa.key keys/rsa.crt cg.ko.gz
gzip -dc cg.ko.gz >cg-plain.ko 2>>"$LOG"
check ".ko.gz: decompressed = signed plain module" cmp cg-plain.ko rt-rsa.ko

cp mod.ko cxd.ko
xz --check=crc32 -f cxd.ko
run "$SOH" sign sha256 keys/rsa.key keys/rsa.crt cxd.ko.xz
run "$SOH" sign sha256 keys/rsa.key keys/rsa.crt cxd.ko.xz
check ".ko.xz re-signed: still one trailer" \
	bash -c "xz -dc cxd.ko.xz | cmp - rt-rsa.ko"

exit 0
