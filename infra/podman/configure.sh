#!/usr/bin/env bash
# Podman settings verified on Debian 12 (see docs/install.md): runc, cgroupfs, explicit ulimits.
# Writes /etc/containers/containers.conf for root, or ~/.config/containers/containers.conf otherwise.
set -euo pipefail
if [ "$(id -u)" -eq 0 ]; then
  conf=/etc/containers/containers.conf
else
  conf="${XDG_CONFIG_HOME:-$HOME/.config}/containers/containers.conf"
fi
mkdir -p "$(dirname "$conf")"
marker="# managed by HIY infra/podman/configure.sh"
if [ -f "$conf" ] && ! grep -qF "$marker" "$conf"; then
  cp "$conf" "$conf.before-hiy"
fi
cat > "$conf" <<CONF
$marker
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
# Rootless networking (slirp4netns) opens /dev/net/tun, which is 0600 on some kernels.
if [ "$(id -u)" -eq 0 ] && [ -c /dev/net/tun ]; then
  chmod 666 /dev/net/tun
fi
# Rootful API socket: podman refuses to bind until its directory exists.
[ "$(id -u)" -eq 0 ] && mkdir -p /run/podman
exit 0
