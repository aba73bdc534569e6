#!/usr/bin/env bash
# Podman settings verified on Debian 12 (see docs/install.md): runc, cgroupfs, explicit ulimits.
#   configure.sh               as root: /etc/containers/containers.conf (rootful Podman and every user's default)
#   configure.sh --user NAME   as root: ~NAME/.config/containers/containers.conf, owned by NAME (its rootless Podman)
#   configure.sh               as another user: ~/.config/containers/containers.conf
set -euo pipefail
owner=""
if [ "${1:-}" = "--user" ]; then
  owner=${2:?configure.sh --user NAME}
  [ "$(id -u)" -eq 0 ] || { echo "configure.sh --user $owner writes into $owner's home: run it as root" >&2; exit 1; }
  home=$(getent passwd "$owner" | cut -d: -f6)
  [ -n "$home" ] || { echo "configure.sh: no user $owner" >&2; exit 1; }
  conf="$home/.config/containers/containers.conf"
elif [ "$(id -u)" -eq 0 ]; then
  conf=/etc/containers/containers.conf
else
  conf="${XDG_CONFIG_HOME:-$HOME/.config}/containers/containers.conf"
fi
# Where systemd runs the box with cgroup v2 and a user session (loginctl enable-linger), rootless Podman must ask
# systemd for its cgroups: that is where the limits are delegated. Elsewhere (cgroup v1, no systemd) cgroupfs.
manager=cgroupfs
if [ -n "$owner" ] && [ -d /run/systemd/system ] && [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
  manager=systemd
fi
marker="# managed by HIY infra/podman/configure.sh"
if [ -n "$owner" ]; then
  # As the user: no root-owned directory ends up in its home, and no symlink it planted is followed by root.
  setpriv --reuid="$owner" --regid="$(id -g "$owner")" --init-groups mkdir -p "$(dirname "$conf")"
else
  mkdir -p "$(dirname "$conf")"
fi
if [ -f "$conf" ] && ! grep -qF "$marker" "$conf"; then
  cp "$conf" "$conf.before-hiy"
fi
settings=$(cat <<CONF
$marker
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "$manager"
events_logger = "file"
CONF
)
if [ -n "$owner" ]; then
  printf '%s\n' "$settings" | setpriv --reuid="$owner" --regid="$(id -g "$owner")" --init-groups tee "$conf" >/dev/null
else
  printf '%s\n' "$settings" >"$conf"
fi
# Rootless networking (slirp4netns) opens /dev/net/tun, which is 0600 on some kernels.
if [ "$(id -u)" -eq 0 ] && [ -c /dev/net/tun ]; then
  chmod 666 /dev/net/tun
fi
# Rootful API socket: podman refuses to bind until its directory exists.
[ "$(id -u)" -eq 0 ] && mkdir -p /run/podman
exit 0
