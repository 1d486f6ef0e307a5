# Sourced by scripts/test, scripts/demo, scripts/bench: installs the Debian
# packages shmcomp needs for building and testing, only those missing.
SHMCOMP_PACKAGES="gcc clang meson ninja-build pkg-config python3 valgrind
 libxcb1-dev libxcb-shm0-dev libxcb-present-dev libxcb-composite0-dev libxcb-damage0-dev
 libxcb-xfixes0-dev libxcb-shape0-dev libxcb-randr0-dev libxcb-xkb-dev libxcb-res0-dev
 libxcb-xtest0-dev libxkbcommon-dev libxkbcommon-x11-dev libpixman-1-dev libconfig-dev
 libpng-dev libclang-rt-14-dev scdoc python3-pytest libpcre2-dev
 xvfb xserver-xephyr x11-utils x11-apps x11-xserver-utils"

shmcomp_install_deps() {
    local missing=""
    for p in $SHMCOMP_PACKAGES "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    echo "installing:$missing"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq || return 1
    # shellcheck disable=SC2086
    $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null || return 1
}
