#!/usr/bin/env bash
# Installs what HIY needs on a Debian 12 / Ubuntu box, as root. Safe to run again.
#   infra/install-deps.sh          packages + Podman settings
#   infra/install-deps.sh --test   also the tools the test suite uses and its base image
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

say() { printf -- '-----> %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  echo "infra/install-deps.sh installs packages: run it as root (sudo $0 $*)" >&2
  exit 1
fi

# Every package HIY calls at run time, by name: several are only Recommends of podman, and
# --no-install-recommends below would leave them out (catatonit did: every container start failed).
packages=(podman conmon runc catatonit slirp4netns uidmap containernetworking-plugins iptables
  golang-github-containers-common caddy libcap2-bin busybox-static git openjdk-17-jdk-headless maven curl ca-certificates)
# --test: the SSH client and server, age, wrk, debootstrap for infra/test-fresh-box.sh, promtool (prometheus) to
# check HIY's /metrics, Debian's python3 with pip and golang-go, from which the tests make the Python and Go base
# images (no registry here), and chromium, the real browser the dashboard's tests drive (headless, over DevTools).
[ $want_test = 1 ] && packages+=(openssh-client age wrk openssh-server debootstrap prometheus python3 python3-pip golang-go chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian's caddy package starts its own service on :80 with the admin API on :2019;
# HIY runs Caddy itself, so that one must not hold the ports.
if command -v systemctl >/dev/null && systemctl is-enabled caddy.service >/dev/null 2>&1; then
  say "Disabling Debian's caddy.service (HIY starts and configures Caddy itself)"
  systemctl disable --now caddy.service >/dev/null 2>&1 || true
fi

# The tests need only promtool from Debian's prometheus package; its server must not run (it would listen on :9090).
if [ $want_test = 1 ] && command -v systemctl >/dev/null && systemctl is-enabled prometheus.service >/dev/null 2>&1; then
  say "Disabling Debian's prometheus.service (the tests use only its promtool)"
  systemctl disable --now prometheus.service >/dev/null 2>&1 || true
fi

"$here/podman/configure.sh"
"$here/podman/userns.sh"

if [ $want_test = 1 ]; then
  "$here/podman/base-image.sh"
fi
if [ $want_test = 1 ]; then "$here/check-deps.sh" --test; else "$here/check-deps.sh"; fi
say "Dependencies ready"
