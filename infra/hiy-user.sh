#!/usr/bin/env bash
# Sets up the unprivileged user HIY runs as, with rootless Podman. As root; safe to run again (run.sh runs it).
#   - system user `hiy`, home /var/lib/hiy (also HIY's data dir, 0700), no login shell
#   - its /etc/subuid and /etc/subgid range: the ids its containers' user namespaces are carved from
#   - its XDG_RUNTIME_DIR, /run/user/UID (0700, its own): Podman keeps its state and sockets there
#   - /dev/net/tun usable (rootless networking, slirp4netns), /var/lib/cni there (rootless CNI needs it), Caddy
#     allowed to bind ports 80 and 443
#   - ~hiy/.config/containers/containers.conf with the settings Podman needs here (podman/configure.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
user=hiy
home=/var/lib/hiy
# Subordinate ids for hiy: Podman's --userns=auto gives each container 65,534 of them here (so that an image's
# nobody, 65534, has an id), so 1024 such ranges let 1024 containers run at once; placed after every range
# already given out, far below rootful Podman's `containers` range.
ids=$((65536 * 1024))

say() { printf -- '-----> %s\n' "$*"; }
die() { printf ' !     %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "infra/hiy-user.sh creates the user HIY runs as: run it as root (sudo $0)"

if ! getent passwd "$user" >/dev/null; then
  say "Creating the system user $user (home and data dir $home)"
  useradd --system --user-group --home-dir "$home" --shell /usr/sbin/nologin --comment "HIY (HostItYourself)" "$user"
fi
home=$(getent passwd "$user" | cut -d: -f6)
uid=$(id -u "$user")
gid=$(id -g "$user")
install -d -o "$uid" -g "$gid" -m 0700 "$home"

# A range that overlaps no other entry's (also not rootful Podman's `containers` range, see podman/userns.sh).
changed=0
for file in /etc/subuid /etc/subgid; do
  touch "$file"
  if ! awk -F: -v u="$user" -v n="$uid" '$1 == u || $1 == n { found = 1 } END { exit !found }' "$file"; then
    start=$(awk -F: -v min=100000 -v top=2147483647 '
      $2 + $3 > end && $2 < top { end = $2 + $3 } END { print (end > min ? end : min) }' "$file")
    [ $((start + ids)) -le 2147483647 ] || die "no free range of $ids ids left in $file: add a line '$user:START:$ids' by hand"
    echo "$user:$start:$ids" >>"$file"
    say "Gave $user the subordinate ids $start-$((start + ids - 1)) in $file"
    changed=1
  fi
done

# Its runtime dir: made by systemd-logind for a lingering user; made here where nothing else would.
runtime="/run/user/$uid"
if [ -d /run/systemd/system ] && command -v loginctl >/dev/null; then
  loginctl enable-linger "$user"
fi
if [ ! -d "$runtime" ]; then
  install -d -m 0755 /run/user
  install -d -o "$uid" -g "$gid" -m 0700 "$runtime"
fi

# Rootless networking (slirp4netns) opens /dev/net/tun as the user.
if [ ! -c /dev/net/tun ]; then
  mkdir -p /dev/net
  mknod -m 666 /dev/net/tun c 10 200 || die "/dev/net/tun is missing and cannot be made: load the tun module (modprobe tun)"
fi
chmod 666 /dev/net/tun

# Rootless Podman 4 with CNI sets each network up with a directory of its own mounted over /var/lib/cni, or over
# the nearest parent that exists: without /var/lib/cni that is /var/lib, which hides hiy's home (/var/lib/hiy) and
# the network settings in it, and every container on an app's network fails with "network not found".
install -d -m 0755 /var/lib/cni

# Caddy binds 80 and 443 as hiy: the capability for that one binary only, rather than lowering
# net.ipv4.ip_unprivileged_port_start, which would let every user and program of the box take those ports.
# A Caddy upgrade replaces the binary and drops it; this runs again with every run.sh (and hiy.service).
caddy=$(readlink -f "$(command -v caddy)")
if ! getcap "$caddy" | grep -q cap_net_bind_service; then
  say "Allowing $caddy to bind ports below 1024 (setcap cap_net_bind_service=+ep)"
  setcap cap_net_bind_service=+ep "$caddy"
fi

"$here/podman/configure.sh" --user "$user"
if [ $changed = 1 ]; then
  # Podman keeps the id mapping it started with in a pause process: new ranges apply once it restarts.
  setpriv --reuid="$uid" --regid="$gid" --init-groups env HOME="$home" XDG_RUNTIME_DIR="$runtime" \
    sh -c 'cd / && podman system migrate' >/dev/null 2>&1 || true
fi
say "User $user ready (uid $uid, data dir $home, rootless Podman)"
