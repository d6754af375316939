#!/bin/sh
# Installs the Debian packages Chaperone needs to build, run and test, or
# prints the exact command when it cannot (not root, or no apt-get).
#   scripts/deps.sh run    what `make run` needs
#   scripts/deps.sh test   what `make test` needs (adds Xvfb, keyring, poppler)
set -eu
what=${1:-test}

# name-of-package:file-that-proves-it-is-installed
build="gcc:/usr/bin/gcc pkg-config:/usr/bin/pkg-config libgl1-mesa-dev:/usr/include/GL/gl.h
xorg-dev:/usr/share/doc/xorg-dev libx11-dev:/usr/include/X11/Xlib.h libxcursor-dev:/usr/include/X11/Xcursor/Xcursor.h
libxrandr-dev:/usr/include/X11/extensions/Xrandr.h libxinerama-dev:/usr/include/X11/extensions/Xinerama.h
libxi-dev:/usr/include/X11/extensions/XInput2.h libxxf86vm-dev:/usr/include/X11/extensions/xf86vmode.h
libwayland-dev:/usr/include/wayland-client.h libxkbcommon-dev:/usr/include/xkbcommon/xkbcommon.h
chromium:/usr/bin/chromium fonts-dejavu-core:/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf dbus:/usr/bin/dbus-run-session gnome-keyring:/usr/bin/gnome-keyring-daemon"
testonly="xvfb:/usr/bin/Xvfb xauth:/usr/bin/xauth poppler-utils:/usr/bin/pdftotext x11-utils:/usr/bin/xwininfo
imagemagick:/usr/bin/import sqlite3:/usr/bin/sqlite3"

list=$build
[ "$what" = test ] && list="$build $testonly"

missing=""
for entry in $list; do
	pkg=${entry%%:*}
	file=${entry#*:}
	[ -e "$file" ] || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "Installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq $missing
	exit 0
fi
echo "Chaperone needs these Debian packages:$missing" >&2
echo "Install them with:" >&2
echo "  sudo apt-get install -y$missing" >&2
exit 1
