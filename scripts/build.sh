#!/usr/bin/env bash
# Configures and builds a meson build directory: quietly when it works; when meson or ninja
# fails, prints their own output (the compiler's error lines; ninja's "[n/N]" progress lines
# left out) and where the full log is (DIR/meson-logs/scripts-setup.log, scripts-ninja.log).
# Sourced by the other scripts (shmcomp_setup DIR [MESON-OPTION...], shmcomp_ninja DIR
# [TARGET...], shmcomp_build DIR [MESON-OPTION...]); run on its own it builds:
#
# Usage: scripts/build.sh [DIR [MESON-OPTION...]]   (default build/; an existing DIR is
#        reconfigured with the options)
# Exit: 0 built, 1 meson or ninja failed, 2 bad usage.

# Prints a failed step's log on stderr.
shmcomp_show_log() { # what log
    echo "FAILED: $1; its output (full log: $2):" >&2
    grep -v -E '^\[[0-9]+/[0-9]+\] ' "$2" >&2
    echo "FAILED: $1" >&2
}

# meson setup DIR, or --reconfigure when DIR is configured already.
shmcomp_setup() { # dir [meson-option...]
    local dir=$1 log how=()
    shift
    log=$dir/meson-logs/scripts-setup.log
    mkdir -p "$dir/meson-logs" || return 1
    [ -f "$dir/meson-private/coredata.dat" ] && how=(--reconfigure)
    meson setup ${how[@]+"${how[@]}"} "$dir" "$@" >"$log" 2>&1 && return 0
    shmcomp_show_log "meson setup ${how[*]+${how[*]} }$dir${*:+ $*}" "$log"
    return 1
}

# ninja -C DIR [TARGET...] (DIR configured).
shmcomp_ninja() { # dir [target...]
    local dir=$1 log
    log=$dir/meson-logs/scripts-ninja.log
    ninja -C "$@" >"$log" 2>&1 && return 0
    shmcomp_show_log "ninja -C $*" "$log"
    return 1
}

shmcomp_build() { # dir [meson-option...]
    shmcomp_setup "$@" && shmcomp_ninja "$1"
}

# Run on its own rather than sourced.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -u
    cd "$(dirname "$0")/.." || exit 1
    case "${1:-}" in
        -h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
        -*) echo "scripts/build.sh: the first argument is the build directory (see --help)" >&2
            exit 2 ;;
    esac
    [ $# -eq 0 ] && set -- build
    shmcomp_build "$@" || exit 1
    echo "built $1"
fi
