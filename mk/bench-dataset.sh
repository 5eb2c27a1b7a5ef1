#!/bin/bash
# Prepare, once, everything `make bench` measures against:
#
#   build/bench/set/...        the real Debian 6.12 amd64 module set, as plain
#                              .ko files (decompressed, any appended signature
#                              removed), laid out as under lib/modules/VER/
#   build/bench/set.list       one module path per line (relative to the repo
#                              root), sorted bytewise: the leaf order
#   build/bench/set.info       shell-sourceable facts about the set
#   build/bench/sign-file      the kernel's own scripts/sign-file (6.12 source)
#   build/bench/signing_key.pem, signing_cert.pem
#                              an RSA-4096 key and self-signed certificate
#
# Every part is cached behind a stamp file, so a second run does nothing but
# check the host packages.  BENCH_REFRESH=1 throws the cache away first.
#
# Runs as root on a fresh Debian 12 machine: host packages are installed with
# apt-get when missing.  Only Debian's archive is needed on the network.
set -euo pipefail

cd "$(dirname "$0")/.."
readonly OUT=build/bench
readonly SET=$OUT/set
readonly LIST=$OUT/set.list
readonly INFO=$OUT/set.info
readonly SET_STAMP=$OUT/set.stamp
readonly SIGNFILE=$OUT/sign-file
readonly KEY=$OUT/signing_key.pem
readonly CERT=$OUT/signing_cert.pem

die() { echo "bench-dataset: error: $*" >&2; exit 1; }
say() { echo "bench-dataset: $*" >&2; }

APT_UPDATED=0
# apt-get update at most once per run, and only when something needs it:
# a fresh machine may have empty or stale package lists.
apt_update() {
	if [ "$APT_UPDATED" = 0 ]; then
		say "apt-get update"
		apt-get update -qq || die "apt-get update failed"
		APT_UPDATED=1
	fi
}

# Install the Debian packages the benchmark uses that are not installed yet.
need_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" = 0 ] || die "packages missing (${missing[*]}) and not root to install them"
	apt_update
	say "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
		die "apt-get install ${missing[*]} failed"
}

# Name of the newest linux-image-6.12.*-amd64-unsigned (the generic flavour,
# not cloud-amd64 or rt-amd64), by version sort of the ABI part of the name.
newest_image_package() {
	apt-cache search --names-only '^linux-image-6\.12\.[0-9].*-amd64-unsigned$' |
		awk '{print $1}' |
		grep -E '^linux-image-6\.12\.[0-9]+\+[a-z0-9.~]+-amd64-unsigned$' |
		sort -V | tail -n 1
}

# Name and candidate version of the package to benchmark, as "PKG VER".
pick_image_package() {
	local pkg ver
	pkg=$(newest_image_package || true)
	[ -n "$pkg" ] || return 1
	ver=$(apt-cache policy "$pkg" | awk '/Candidate:/ {print $2}')
	if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
		return 1
	fi
	echo "$pkg $ver"
}

# Download (or reuse) the .deb; print its path.  Lists that are missing or
# stale (naming a version the mirror no longer has) get one apt-get update
# and a fresh pick.
fetch_image_deb() {
	local pkg ver deb dl=$OUT/dl attempt
	mkdir -p "$dl"
	for attempt in 1 2; do
		if read -r pkg ver < <(pick_image_package); then
			# apt-get download names the file PKG_VER_ARCH.deb, ':' as %3a.
			deb=$(find "$dl" -maxdepth 1 -name "${pkg}_${ver//:/%3a}_*.deb" | head -n 1)
			[ -n "$deb" ] && { echo "$deb"; return 0; }
			say "downloading $pkg $ver"
			# The sandbox user _apt cannot write into build/: download as root.
			if (cd "$dl" && apt-get download -qq -o APT::Sandbox::User=root "$pkg=$ver"); then
				deb=$(find "$dl" -maxdepth 1 -name "${pkg}_${ver//:/%3a}_*.deb" | head -n 1)
				[ -n "$deb" ] || die "apt-get download left no .deb for $pkg in $dl"
				echo "$deb"
				return 0
			fi
		fi
		if [ "$attempt" = 2 ] || [ "$APT_UPDATED" = 1 ]; then
			break
		fi
		apt_update
	done
	die "cannot download linux-image-6.12.*-amd64-unsigned (see apt messages above)"
}

# Decompress every module in place, in parallel (untimed preparation).
decompress_modules() {
	local dir=$1 jobs
	jobs=$(nproc)
	find "$dir" -type f -name '*.ko.xz' -print0 | xargs -0 -r -P "$jobs" -n 64 xz -d -q ||
		die "xz -d failed"
	find "$dir" -type f -name '*.ko.zst' -print0 | xargs -0 -r -P "$jobs" -n 64 zstd -d -q --rm ||
		die "zstd -d failed"
	find "$dir" -type f -name '*.ko.gz' -print0 | xargs -0 -r -P "$jobs" -n 64 gzip -d -q ||
		die "gzip -d failed"
	if find "$dir" -type f -name '*.ko.*' | grep -q .; then
		die "modules left compressed: $(find "$dir" -type f -name '*.ko.*' | head -n 3)"
	fi
}

# Remove an appended trailer (PKCS#7 signature or any other) from every .ko
# under DIR: "[module][payload][12-byte struct][magic]", where sig_len is the
# big-endian u32 at offset 8 of the struct.  Prints how many were stripped.
strip_signatures() {
	python3 - "$1" <<-'EOF'
	import os, struct, sys
	MAGIC = b"~Module signature appended~\n"
	stripped = 0
	for root, _, files in os.walk(sys.argv[1]):
	    for name in files:
	        if not name.endswith(".ko"):
	            continue
	        path = os.path.join(root, name)
	        with open(path, "rb") as f:
	            data = f.read()
	        if not data.endswith(MAGIC):
	            continue
	        end = len(data) - len(MAGIC) - 12
	        if end < 0:
	            sys.exit(f"{path}: trailer magic but file too short")
	        (sig_len,) = struct.unpack(">I", data[end + 8:end + 12])
	        if sig_len > end:
	            sys.exit(f"{path}: sig_len {sig_len} past the start of the file")
	        tmp = path + ".tmp"
	        with open(tmp, "wb") as f:
	            f.write(data[:end - sig_len])
	        os.replace(tmp, path)
	        stripped += 1
	print(stripped)
	EOF
}

prepare_set() {
	if [ -f "$SET_STAMP" ] && [ -f "$LIST" ] && [ -f "$INFO" ] && [ -d "$SET" ]; then
		say "module set cached ($(wc -l <"$LIST") modules, $(cat "$SET_STAMP"))"
		return 0
	fi
	rm -rf "$SET" "$SET.tmp" "$OUT/pkg" "$LIST" "$INFO" "$SET_STAMP"

	local deb pkg ver kver stripped count bytes largest
	deb=$(fetch_image_deb)
	pkg=$(dpkg-deb -f "$deb" Package)
	ver=$(dpkg-deb -f "$deb" Version)

	say "unpacking $(basename "$deb")"
	mkdir -p "$OUT/pkg"
	dpkg-deb -x "$deb" "$OUT/pkg" || die "dpkg-deb -x $deb failed"
	kver=$(find "$OUT/pkg/lib/modules" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | head -n 1)
	if [ -z "$kver" ] || [ ! -d "$OUT/pkg/lib/modules/$kver/kernel" ]; then
		die "$deb has no lib/modules/*/kernel"
	fi

	# Keep only the modules, with their path below lib/modules/VER/.
	mkdir -p "$SET.tmp"
	(cd "$OUT/pkg/lib/modules/$kver" && find . -type f -name '*.ko*' -print0 |
		tar --null -T - -cf -) | tar -xf - -C "$SET.tmp" ||
		die "copying modules out of the package failed"
	rm -rf "$OUT/pkg"

	say "decompressing modules"
	decompress_modules "$SET.tmp"
	say "stripping appended signatures"
	stripped=$(strip_signatures "$SET.tmp") || die "stripping signatures failed"

	mv "$SET.tmp" "$SET"
	# Bytewise sort: the same order on every machine and locale.
	find "$SET" -type f -name '*.ko' | LC_ALL=C sort >"$LIST.tmp"
	count=$(wc -l <"$LIST.tmp")
	[ "$count" -gt 0 ] || die "no modules found in $deb"
	bytes=$(xargs -d '\n' -a "$LIST.tmp" stat -c %s | awk '{s += $1} END {print s}')
	largest=$(xargs -d '\n' -a "$LIST.tmp" stat -c %s | sort -n | tail -n 1)
	mv "$LIST.tmp" "$LIST"
	cat >"$INFO" <<-EOF
	SET_PACKAGE='$pkg'
	SET_VERSION='$ver'
	SET_KVER='$kver'
	SET_COUNT=$count
	SET_BYTES=$bytes
	SET_LARGEST=$largest
	SET_STRIPPED=$stripped
	EOF
	echo "$pkg $ver" >"$SET_STAMP"
	say "module set ready: $count modules, $bytes bytes, $stripped signatures stripped"
}

# Path of an unpacked 6.12 source tree holding scripts/sign-file.c.  Prefer
# the project's own mk/kernel-src.sh; without it, pull just the two files we
# need out of Debian's linux-source-6.12 tarball.
sign_file_source_dir() {
	local src=""
	if [ -x mk/kernel-src.sh ]; then
		src=$(mk/kernel-src.sh | tail -n 1) || die "mk/kernel-src.sh failed"
		if [ -f "$src/scripts/sign-file.c" ]; then
			echo "$src/scripts"
			return 0
		fi
		say "mk/kernel-src.sh gave '$src' without scripts/sign-file.c; using the tarball"
	fi
	local tarball=/usr/src/linux-source-6.12.tar.xz dir=$OUT/ksrc
	if [ ! -f "$dir/scripts/sign-file.c" ] || [ ! -f "$dir/scripts/ssl-common.h" ]; then
		[ -f "$tarball" ] || need_packages linux-source-6.12
		[ -f "$tarball" ] || die "$tarball missing after installing linux-source-6.12"
		say "extracting scripts/sign-file.c from $tarball"
		rm -rf "$dir" && mkdir -p "$dir"
		tar -xJf "$tarball" -C "$dir" --strip-components=1 --wildcards \
			'*/scripts/sign-file.c' '*/scripts/ssl-common.h' ||
			die "extracting sign-file.c from $tarball failed"
	fi
	echo "$dir/scripts"
}

build_sign_file() {
	[ -x "$SIGNFILE" ] && return 0
	local dir cflags libs
	dir=$(sign_file_source_dir)
	cflags=$(pkg-config --cflags libcrypto 2>/dev/null || true)
	libs=$(pkg-config --libs libcrypto 2>/dev/null || echo -lcrypto)
	say "building sign-file from $dir/sign-file.c"
	# sign-file uses the ENGINE API, deprecated in OpenSSL 3: not our warning.
	# shellcheck disable=SC2086
	gcc -O2 -Wno-deprecated-declarations $cflags -I"$dir" \
		-o "$SIGNFILE.tmp" "$dir/sign-file.c" $libs || die "compiling sign-file failed"
	mv "$SIGNFILE.tmp" "$SIGNFILE"
}

# RSA-4096 with the extensions the kernel's certs/default_x509.genkey uses.
make_signing_key() {
	[ -f "$KEY" ] && [ -f "$CERT" ] && return 0
	say "generating RSA-4096 signing key"
	cat >"$OUT/x509.genkey" <<-'EOF'
	[ req ]
	default_bits = 4096
	distinguished_name = req_distinguished_name
	prompt = no
	string_mask = utf8only
	x509_extensions = myexts
	[ req_distinguished_name ]
	O = sign-or-hash benchmark
	CN = Throwaway benchmark signing key
	[ myexts ]
	basicConstraints=critical,CA:FALSE
	keyUsage=digitalSignature
	subjectKeyIdentifier=hash
	authorityKeyIdentifier=keyid
	EOF
	openssl req -new -nodes -utf8 -sha256 -days 36500 -batch -x509 \
		-config "$OUT/x509.genkey" -newkey rsa:4096 \
		-keyout "$KEY.tmp" -out "$CERT.tmp" 2>/dev/null || die "openssl req failed"
	mv "$KEY.tmp" "$KEY"
	mv "$CERT.tmp" "$CERT"
}

main() {
	need_packages time xz-utils zstd gzip libssl-dev openssl pkg-config gcc libc6-dev python3
	mkdir -p "$OUT"
	if [ "${BENCH_REFRESH:-0}" = 1 ]; then
		say "BENCH_REFRESH=1: discarding the cache"
		rm -rf "$SET" "$SET.tmp" "$LIST" "$INFO" "$SET_STAMP" "$SIGNFILE" "$KEY" "$CERT" "$OUT/ksrc"
	fi
	prepare_set
	build_sign_file
	make_signing_key
}

main "$@"
