#!/usr/bin/env bash
# The Debian packages shmcomp needs for building and testing: installs those missing with
# apt-get. Sourced by scripts/test, scripts/demo and scripts/bench (shmcomp_install_deps
# [EXTRA-PACKAGE...]); run on its own it does the same:
#
# Usage: scripts/deps.sh [--list] [EXTRA-PACKAGE...]
#   --list   print the packages (one a line, "missing" after those not installed); install nothing
# Environment:
#   SHMCOMP_NO_DEPS=1         install nothing; only warn about the packages that are missing
#   SHMCOMP_LOCK_WAIT=SECONDS how long to wait while another apt-get or dpkg holds its lock
#                             (default 600; a progress line every 30 s, then a failure naming
#                             the process that holds it)
# Exit: 0 nothing missing, installed, or SHMCOMP_NO_DEPS=1; 1 installing failed; 2 bad usage.

SHMCOMP_PACKAGES="gcc clang clang-format meson ninja-build pkg-config python3 valgrind
 libxcb1-dev libxcb-shm0-dev libxcb-present-dev libxcb-composite0-dev libxcb-damage0-dev
 libxcb-xfixes0-dev libxcb-shape0-dev libxcb-randr0-dev libxcb-xkb-dev libxcb-xinput-dev libxcb-res0-dev
 libxcb-xtest0-dev libxkbcommon-dev libxkbcommon-x11-dev libpixman-1-dev libconfig-dev
 libpng-dev libclang-rt-14-dev scdoc python3-pytest libpcre2-dev
 xvfb xserver-xephyr x11-utils x11-apps x11-xserver-utils xcompmgr
 xterm rxvt-unicode gtk-3-examples gtk-4-examples qtbase5-examples qt5-gtk-platformtheme
 chromium openbox xfwm4 dbus-daemon mesa-utils imagemagick ffmpeg"

# The locks apt-get and dpkg take (dpkg's own, apt's package lists, apt's download cache).
# SHMCOMP_APT_LOCKS replaces the list, so that the wait can be tried on a file of one's own.
SHMCOMP_APT_LOCKS=${SHMCOMP_APT_LOCKS:-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock
 /var/lib/apt/lists/lock /var/cache/apt/archives/lock}

# Prints the packages of the list (and the arguments) that are not installed.
shmcomp_missing_packages() {
    local p
    for p in $SHMCOMP_PACKAGES "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            echo "$p"
    done
}

# Prints "FILE held by PID (NAME)" for each lock of SHMCOMP_APT_LOCKS someone holds. The locks
# are fcntl locks: /proc/locks lists them by device and inode with the holder's pid, which
# needs no root (fuser and lsof do, for other users' processes).
shmcomp_apt_lock_holders() {
    local f id pid name
    for f in $SHMCOMP_APT_LOCKS; do
        [ -e "$f" ] || continue
        id=$(stat -L -c '%Hd %Ld %i' "$f" 2>/dev/null) || continue
        # shellcheck disable=SC2086
        id=$(printf '%02x:%02x:%s' $id)
        # A blocked waiter's line has "->" as its second field; only holders count.
        for pid in $(awk -v id="$id" '$2 != "->" && $6 == id { print $5 }' /proc/locks); do
            name=$(cat "/proc/$pid/comm" 2>/dev/null) || name="?"
            echo "$f held by $pid ($name)"
        done
    done
}

# Waits until no lock of SHMCOMP_APT_LOCKS is held, saying so every 30 s; false once the
# deadline (in $SECONDS) has passed, naming who holds it.
shmcomp_wait_apt_locks() { # deadline
    local deadline=$1 holders next_note=$SECONDS
    while holders=$(shmcomp_apt_lock_holders | awk 'NR > 1 { printf "; " } { printf "%s", $0 }') &&
        [ -n "$holders" ]; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "deps: gave up waiting for the package manager's lock: $holders" >&2
            return 1
        fi
        if [ "$SECONDS" -ge "$next_note" ]; then
            echo "deps: waiting for another package manager to finish ($holders;" \
                "$((deadline - SECONDS)) s left)" >&2
            next_note=$((SECONDS + 30))
        fi
        sleep 2
    done
}

# Runs apt-get ARGS... with its output in a file, printed when it fails. Another apt-get or
# dpkg may take a lock between our wait and apt-get's start: apt-get's DPkg::Lock::Timeout
# covers dpkg's lock, and a failure while one of the others is held is tried again until
# the deadline.
shmcomp_apt_get() { # deadline sudo apt-get-args...
    local deadline=$1 sudo=$2 log status
    shift 2
    log=$(mktemp /tmp/shmcomp-apt.XXXXXX) || return 1
    while :; do
        shmcomp_wait_apt_locks "$deadline" || { rm -f "$log"; return 1; }
        local left=$((deadline - SECONDS))
        [ $left -lt 1 ] && left=1
        $sudo apt-get -o DPkg::Lock::Timeout="$left" "$@" >"$log" 2>&1
        status=$?
        if [ $status -ne 0 ] && grep -q 'Could not get lock' "$log" &&
            [ "$SECONDS" -lt "$deadline" ]; then
            continue
        fi
        break
    done
    if [ $status -ne 0 ]; then
        echo "deps: 'apt-get $*' failed (exit status $status):" >&2
        cat "$log" >&2
    fi
    rm -f "$log"
    return $status
}

# Installs what is missing of SHMCOMP_PACKAGES and the arguments. SHMCOMP_NO_DEPS=1 (for
# machines where someone else manages the packages) only warns.
shmcomp_install_deps() { # [extra-package...]
    local missing sudo="" deadline
    missing=$(shmcomp_missing_packages "$@" | tr '\n' ' ')
    missing=${missing% }
    [ -z "$missing" ] && return 0
    if [ "${SHMCOMP_NO_DEPS:-0}" = 1 ]; then
        echo "deps: warning: SHMCOMP_NO_DEPS=1, not installing the missing packages:" \
            "$missing (the build may fail and tests may be skipped)" >&2
        return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null; then
            echo "deps: missing packages: $missing; installing them needs root (or sudo)," \
                "or set SHMCOMP_NO_DEPS=1 to go on without them" >&2
            return 1
        fi
        sudo="sudo"
    fi
    echo "deps: installing: $missing"
    export DEBIAN_FRONTEND=noninteractive
    deadline=$((SECONDS + ${SHMCOMP_LOCK_WAIT:-600}))
    shmcomp_apt_get "$deadline" "$sudo" update -qq || return 1
    # shellcheck disable=SC2086
    shmcomp_apt_get "$deadline" "$sudo" install -y -qq --no-install-recommends $missing ||
        return 1
}

# Run on its own rather than sourced.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -u
    list=0
    extra=()
    for a in "$@"; do
        case "$a" in
            -h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
            --list) list=1 ;;
            -*) echo "scripts/deps.sh: unknown option '$a' (see --help)" >&2; exit 2 ;;
            *) extra+=("$a") ;;
        esac
    done
    if [ $list -eq 1 ]; then
        missing=" $(shmcomp_missing_packages ${extra[@]+"${extra[@]}"} | tr '\n' ' ')"
        for p in $SHMCOMP_PACKAGES ${extra[@]+"${extra[@]}"}; do
            case "$missing" in *" $p "*) echo "$p missing" ;; *) echo "$p" ;; esac
        done
        exit 0
    fi
    shmcomp_install_deps ${extra[@]+"${extra[@]}"} || exit 1
fi
