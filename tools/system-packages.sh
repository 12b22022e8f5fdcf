#!/bin/sh
# Checks for the system libraries and programs Lull needs, and installs the missing ones with
# apt: directly as root, through sudo otherwise; where neither works, prints the command to run.
#   tools/system-packages.sh run    what the window needs (Qt's xcb platform, fonts)
#   tools/system-packages.sh test   that, plus what the tests need (Xvfb, xdotool, PulseAudio, D-Bus,
#                                   the freedesktop validators)
#   tools/system-packages.sh bench  that, plus what the benchmarks use (mpv as a peer)
set -eu
purpose=${1:-run}
missing=""
ldconfig_bin=$(command -v ldconfig || echo /sbin/ldconfig)
libraries=$("$ldconfig_bin" -p 2>/dev/null || true)

need_lib() {  # soname, Debian package
    case "$libraries" in *"$1 "*) ;; *) missing="$missing $2" ;; esac
}
need_prog() {  # program, Debian package
    command -v "$1" >/dev/null 2>&1 || missing="$missing $2"
}

python3 -c 'import ensurepip, venv' 2>/dev/null || missing="$missing python3-venv"
need_lib libglib-2.0.so.0 libglib2.0-0
need_lib libdbus-1.so.3 libdbus-1-3
need_lib libGL.so.1 libgl1
need_lib libEGL.so.1 libegl1
need_lib libfontconfig.so.1 libfontconfig1
need_lib libxkbcommon.so.0 libxkbcommon0
need_lib libxkbcommon-x11.so.0 libxkbcommon-x11-0
need_lib libxcb-cursor.so.0 libxcb-cursor0
need_lib libxcb-icccm.so.4 libxcb-icccm4
need_lib libxcb-image.so.0 libxcb-image0
need_lib libxcb-keysyms.so.1 libxcb-keysyms1
need_lib libxcb-randr.so.0 libxcb-randr0
need_lib libxcb-render-util.so.0 libxcb-render-util0
need_lib libxcb-shape.so.0 libxcb-shape0
need_lib libxcb-shm.so.0 libxcb-shm0
need_lib libxcb-sync.so.1 libxcb-sync1
need_lib libxcb-xfixes.so.0 libxcb-xfixes0
need_lib libxcb-xkb.so.1 libxcb-xkb1
need_lib libX11-xcb.so.1 libx11-xcb1
[ -n "$(find /usr/share/fonts -name '*.ttf' 2>/dev/null | head -n 1)" ] ||
    missing="$missing fonts-dejavu-core"
if [ "$purpose" = test ] || [ "$purpose" = bench ]; then
    need_prog Xvfb xvfb
    need_prog dbus-run-session dbus
    need_prog pulseaudio pulseaudio
    need_prog parec pulseaudio-utils
    need_prog xdotool xdotool
    need_prog desktop-file-validate desktop-file-utils
    need_prog appstreamcli appstream
fi
if [ "$purpose" = bench ]; then
    need_prog mpv mpv
fi

[ -z "$missing" ] && exit 0
command="apt-get install -y --no-install-recommends$missing"
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Lull needs these system packages (Debian's names):$missing"
    echo "Install them with your system's package manager, then run make again."
    exit 1
fi
echo "Installing the system packages Lull needs:$missing"
if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive $command && exit 0
elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive $command && exit 0
fi
echo "Could not install them. Please run:"
echo "    sudo apt-get update && sudo $command"
exit 1
