#!/usr/bin/env bash
# Installs the Debian 12 packages that building and testing need.
# Does nothing (and needs no network) when they are all present.
set -euo pipefail

PACKAGES=(
  gcc make cmake pkg-config clang libclang-rt-14-dev   # toolchain; clang's libFuzzer runtime
  libpcap-dev libnet1-dev libcmocka-dev libssl-dev     # libraries CMake finds
  libnftables-dev                                      # the nodes install their nftables rules in process
  tcpdump tshark                                       # oracles no one here wrote
  iproute2 nftables radvd iputils-ping procps util-linux # namespaces, Router Advertisements, ping, sysctl/pgrep, nsenter/taskset
  python3 jq bc time libxml2-utils                        # test scripts, JSON in shell, peak memory, XML checks
  python3-clang-14 libclang-14-dev                     # mutate/mcoa-mutate finds mutation points with libclang
  man-db                                               # renders the man pages in tests
  dpkg-dev                                             # dpkg-shlibdeps: the package's library dependencies
  chromium                                             # renders the HTML report in tests
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]} (run as root to install them)" >&2
  exit 2
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer no, quietly.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
