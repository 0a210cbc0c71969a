#!/usr/bin/env bash
# Builds the Debian package into BUILD_DIR (default: build-deb/): configured
# for the /usr prefix (the paths in the man pages, the fallback data
# location), built, stripped and packed by CPack; dependencies from
# dpkg-shlibdeps and CMakeLists.txt.  Prints the path of the .deb.
#   install it:  apt-get install ./build-deb/mcoa-conform_*.deb
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$top/build-deb}
"$top/scripts/install-deps.sh"
# -ffile-prefix-map: the debug information of libmcoa.a (CPack strips the
# programs) names /usr/src/mcoa-conform, not this machine's checkout
cmake -S "$top" -B "$build" -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS="-ffile-prefix-map=$top=/usr/src/mcoa-conform" >/dev/null
cmake --build "$build" -j "$(nproc)" -- --no-print-directory >/dev/null
rm -f "$build"/mcoa-conform_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
ls "$build"/mcoa-conform_*.deb
