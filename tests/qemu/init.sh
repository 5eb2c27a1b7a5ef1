#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC3043 # busybox ash has local
#
# /init of the QEMU test initramfs (busybox sh). Runs the cases of
# /cases.tsv in order and prints, in KTAP, what it saw for each: whether
# the module loaded, the errno, the module's taint flag E, its
# /sys/module/<name>/integrity, the kernel's taint bit 13 before and
# after, and every kernel message the case caused. It judges nothing:
# mk/qemu-test.sh compares the facts with tests/qemu/expected.tsv.
# Modules are unloaded after every case, so each case starts clean.

PATH=/sbin:/bin
export PATH

# kmod's tools, by path: Debian's busybox-static sh runs its own applet
# for a bare "modprobe" whatever PATH says, and busybox modprobe reads
# neither .ko.zst nor the kmod way of loading (it tries finit_module on
# the compressed file, then init_module on its bytes).
KMOD_MODPROBE=/sbin/modprobe
KMOD_RMMOD=/sbin/rmmod
KMOD_MODINFO=/sbin/modinfo

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
mount -t tmpfs tmpfs /tmp

# The console is for KTAP from here on; kernel messages are read with
# dmesg -c, case by case.
dmesg -n 1
dmesg -c >/dev/null

say() {
	printf '%s\n' "$*"
}

# Time as the kernel's jiffies see it, in 1/100 s: the CPU time of
# /proc/stat is counted tick by tick. The printk rate limit runs on
# jiffies, and under an overloaded TCG host jiffies fall behind the
# clocks /proc/uptime and the printk timestamps follow.
now_cs() {
	awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat
}

# wait_cs N: let N/100 s of jiffies pass.
wait_cs() {
	local t
	t=$(now_cs)
	while [ $(($(now_cs) - t)) -lt "$1" ]; do
		usleep 200000
	done
}

taint_e() {
	echo $(( ($(cat /proc/sys/kernel/tainted) >> 13) & 1 ))
}

# strerror() texts, as modprobe, keyctl and the shell print them, back to
# errno names.
errname() {
	case "$1" in
	*"Key was rejected by service"*) echo EKEYREJECTED ;;
	*"Bad message"*) echo EBADMSG ;;
	*"Operation not permitted"*) echo EPERM ;;
	*"Required key not available"*) echo ENOKEY ;;
	*"Invalid argument"*) echo EINVAL ;;
	*"Read-only file system"*) echo EROFS ;;
	*"Exec format error"*) echo ENOEXEC ;;
	*"No such device"*) echo ENODEV ;;
	*"No such file or directory"*) echo ENOENT ;;
	*"Package not installed"*) echo ENOPKG ;;
	*"File exists"*) echo EEXIST ;;
	*"Can't find"*|*"not found"*) echo ENOENT ;;
	*) echo EOTHER ;;
	esac
}

unload_all() {
	local pass=0 left
	while [ $pass -lt 8 ]; do
		left=$(cut -d' ' -f1 /proc/modules)
		[ -z "$left" ] && return 0
		for m in $left; do
			$KMOD_RMMOD "$m" 2>/dev/null
		done
		pass=$((pass + 1))
	done
	say "# warning: could not unload: $(cut -d' ' -f1 /proc/modules | tr '\n' ' ')"
}

# The integrity log lines are printk_ratelimited(): at most 10 per call
# site (refusals, taints) in 5 seconds of jiffies. Before each case, wait
# until fewer than 8 of either came in the last 5.5 seconds, so that no
# line a case checks is dropped. The times are taken after each case,
# never before the kernel's own.
: >/tmp/rl
: >/tmp/tl
throttle() {
	local f now wait
	for f in /tmp/rl /tmp/tl; do
		while :; do
			now=$(now_cs)
			wait=$(awk -v now="$now" '$1 > now - 550 { n++; if (!first) first = $1 }
				END { print (n >= 8) ? first + 560 - now : 0 }' "$f")
			[ "$wait" -gt 0 ] || break
			wait_cs "$wait"
		done
	done
}
# note_ratelimited RAW-DMESG: remember when rate-limited lines came.
note_ratelimited() {
	local now
	now=$(now_cs)
	grep 'rejected with' "$1" | sed "s/.*/$now/" >>/tmp/rl
	grep 'tainting kernel' "$1" | sed "s/.*/$now/" >>/tmp/tl
}

# Facts about the modules a case names: loaded or not, integrity, taint.
module_facts() {
	local mods="$1" sysfs="" taint="" m s tf
	for m in $(echo "$mods" | tr ',' ' '); do
		if [ -f "/sys/module/$m/initstate" ]; then
			s=$(cat "/sys/module/$m/integrity" 2>/dev/null || echo missing)
			tf=0
			grep -q E "/sys/module/$m/taint" 2>/dev/null && tf=1
		else
			s=-
			tf=-
		fi
		sysfs=${sysfs:+$sysfs,}$s
		taint=${taint:+$taint,}$tf
	done
	m=${mods%%,*}
	if [ -f "/sys/module/$m/initstate" ]; then
		outcome=loaded
	else
		outcome=refused
	fi
	f_sysfs=$sysfs
	f_taint=$taint
}

# All in-tree modules at once, each by its own modprobe in the
# background, as udev does at boot.
run_parallel() {
	local list m name s n=0 ok=0 rc mechs="" taint=0 err=-
	list=$(sed -e 's|.*/||' -e 's|\.ko.*||' "/lib/modules/$(uname -r)/modules.order" |
		grep -v -x -F -f /parallel-skip)
	for m in $list; do
		($KMOD_MODPROBE "$m" 2>"/tmp/par.$m"; echo $? >"/tmp/par.$m.rc") &
	done
	wait
	for m in $list; do
		n=$((n + 1))
		rc=$(cat "/tmp/par.$m.rc")
		# crc-ccitt.ko is the module crc_ccitt.
		name=$(echo "$m" | tr - _)
		if [ "$rc" = 0 ] && [ -f "/sys/module/$name/initstate" ]; then
			ok=$((ok + 1))
		else
			say "# parallel: $m: exit $rc: $(cat "/tmp/par.$m")"
			[ "$err" = - ] && err=$(errname "$(cat "/tmp/par.$m")")
		fi
		s=$(cat "/sys/module/$name/integrity" 2>/dev/null || echo -)
		case " $mechs " in *" $s "*) ;; *) mechs="$mechs $s" ;; esac
		grep -q E "/sys/module/$name/taint" 2>/dev/null && taint=1
	done
	say "# parallel: $ok of $n modules loaded"
	if [ $ok -eq $n ]; then outcome=loaded; else outcome=refused; fi
	errno=$err
	f_sysfs=$(echo "$mechs" | sed -e 's/^ //' -e 's/ /+/g')
	f_taint=$taint
}

cases=$(grep -v '^#' /cases.tsv | grep -c .)
say "KTAP version 1"
say "# kernel: $(cat /kernel-name) $(uname -r); cmdline: $(cat /proc/cmdline)"
say "# modprobe: $($KMOD_MODPROBE --version | head -1)"
say "1..$cases"

# run_case HOW ARG MODULES: sets outcome, errno, f_sysfs, f_taint and
# leaves the case's kernel messages in /tmp/kmsg.raw.
run_case() {
	local how="$1" arg="$2" mods="$3" opt res
	dmesg -c >/dev/null
	errno=-
	f_sysfs=-
	f_taint=-
	outcome=
	case "$how" in
	finit|finit-c|finit-M|finit-V|finit-MV|init)
		case "$how" in
		finit) opt= ;;
		finit-c) opt=-c ;;
		finit-M) opt=-M ;;
		finit-V) opt=-V ;;
		finit-MV) opt=-MV ;;
		init) opt=-m ;;
		esac
		res=$(loadmod $opt "/t/$arg" 2>&1)
		[ "$res" = OK ] || errno=$res
		module_facts "$mods"
		;;
	modprobe)
		# Which file: .ko.zst where modules_install compressed them
		# (kmod 30 decompresses those itself and calls init_module;
		# plain ones go to finit_module).
		say "# modprobe: $arg is $($KMOD_MODINFO -n "$arg" 2>&1)"
		if ! $KMOD_MODPROBE "$arg" </dev/null 2>/tmp/err; then
			errno=$(errname "$(cat /tmp/err)")
			say "# modprobe: $(cat /tmp/err)"
		fi
		module_facts "$mods"
		;;
	keyctl)
		if keyctl padd asymmetric "" %:.secondary_trusted_keys \
			<"/t/$arg" >/tmp/out 2>/tmp/err; then
			outcome=ok
		else
			outcome=failed
			errno=$(errname "$(cat /tmp/err)")
			say "# keyctl: $(cat /tmp/err)"
		fi
		;;
	read)
		outcome=ok
		f_sysfs=$(tr -d ' \n' <"$arg" 2>/dev/null) || outcome=failed
		# lockdown shows "none [integrity] confidentiality": keep the pick.
		case "$f_sysfs" in *"["*"]"*) f_sysfs=${f_sysfs#*[}; f_sysfs=${f_sysfs%]*} ;; esac
		;;
	write)
		if (echo "${arg#*=}" >"${arg%%=*}") 2>/tmp/err; then
			outcome=ok
		else
			outcome=failed
			errno=$(errname "$(cat /tmp/err)")
		fi
		;;
	parallel)
		run_parallel
		;;
	*)
		say "# unknown way to run a case: $how"
		outcome=unknown
		;;
	esac
	dmesg -c >/tmp/kmsg.raw
	note_ratelimited /tmp/kmsg.raw
}

# A module refused by the integrity policy, or tainted by it, must have
# its log line. When the line is missing, the rate limit may have eaten
# it despite throttle() (a case that took long, a stolen tick): wait
# the limit out and run the case again, at most three times, and say so.
line_missing() {
	case "$how" in finit*|init|modprobe) ;; *) return 1 ;; esac
	grep -q -e 'rejected with' -e 'tainting kernel' /tmp/kmsg.raw && return 1
	case "$errno" in EKEYREJECTED|EBADMSG|EPERM) return 0 ;; esac
	case ",$f_taint," in *,1,*) return 0 ;; esac
	return 1
}

n=0
grep -v '^#' /cases.tsv | grep . > /tmp/cases
while IFS='	' read -r name how arg mods; do
	n=$((n + 1))
	throttle
	before=$(taint_e)
	run_case "$how" "$arg" "$mods"
	tries=0
	while line_missing && [ $tries -lt 3 ]; do
		say "# retry: no integrity log line; waiting out the printk rate limit"
		sed -e 's/^/# that try: /' /tmp/kmsg.raw
		unload_all
		wait_cs 560
		run_case "$how" "$arg" "$mods"
		tries=$((tries + 1))
	done
	after=$(taint_e)
	sed -e 's/^\[[ 0-9.]*\] //' /tmp/kmsg.raw >/tmp/kmsg
	say "ok $n $name # outcome=$outcome errno=$errno taint=$f_taint sysfs=$f_sysfs ktaint=$before$after"
	sed -e 's/^/# kmsg: /' /tmp/kmsg
	unload_all
done </tmp/cases

say "# done"
sync
poweroff -f
