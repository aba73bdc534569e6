#!/usr/bin/env bash
# Proves that every program HIY calls is there and works, naming the package that brings a missing one.
# Run by install-deps.sh after installing; safe to run on its own. --test: also what the test suite calls.
set -uo pipefail
failed=0
fail() { printf ' !     %s\n' "$*" >&2; failed=1; }
need() { # need BINARY PACKAGE [ARGS to prove it runs]
  local bin=$1 pkg=$2; shift 2
  local path
  path=$(command -v "$bin" 2>/dev/null || { [ -x "$bin" ] && echo "$bin"; }) || true
  if [ -z "$path" ]; then fail "$bin is missing: apt-get install $pkg"; return; fi
  if [ $# -gt 0 ] && ! "$path" "$@" >/dev/null 2>&1; then fail "$bin is installed but '$bin $*' fails: apt-get install --reinstall $pkg"; fi
}
need podman podman --version
need conmon conmon --version
need runc runc --version
need /usr/libexec/podman/catatonit catatonit --version
need slirp4netns slirp4netns --version
need newuidmap uidmap
need iptables iptables --version
need /usr/lib/cni/bridge containernetworking-plugins
need caddy caddy version
need setcap libcap2-bin
need getcap libcap2-bin
need busybox busybox-static true
need git git --version
need java openjdk-17-jdk-headless -version
need mvn maven --version
need curl curl --version
checked="podman, conmon, runc, catatonit, slirp4netns, uidmap, iptables, CNI plugins, caddy, setcap, busybox, git, java, mvn"
if [ "${1:-}" = --test ]; then
  need ssh openssh-client -V
  need /usr/sbin/sshd openssh-server
  need age age --version
  need wrk wrk
  need debootstrap debootstrap --version
  need promtool prometheus --version
  need /usr/bin/python3 python3 --version
  need /usr/lib/python3/dist-packages/pip python3-pip
  need /usr/bin/go golang-go version
  need chromium chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --no-proxy-server --user-data-dir=/tmp/hiy-check-chromium --dump-dom about:blank
  rm -rf /tmp/hiy-check-chromium
  checked="$checked; for the tests: ssh, sshd, age, wrk, debootstrap, promtool, python3, pip, go, chromium"
fi
if [ $failed = 0 ]; then
  # The engine itself: it reads its settings and finds its runtime, network and storage.
  out=$(podman info 2>&1) || fail "podman info fails: $(printf '%s\n' "$out" | tail -n 1): check $(dirname "$0")/podman/configure.sh ran"
fi
if [ $failed = 0 ]; then
  # A throw-away container with an init process, as HIY creates them (with --test, which imports the image).
  if podman image exists localhost/busybox:latest 2>/dev/null; then
    out=$(podman run --rm --init --network none localhost/busybox:latest /bin/echo ok 2>&1) \
      || fail "podman run --init of localhost/busybox:latest fails: $out"
  fi
fi
if [ $failed = 1 ]; then
  echo "Some programs HIY needs are missing or broken (above); install them and run $0 again." >&2
  exit 1
fi
printf -- '-----> Checked: %s\n' "$checked"
