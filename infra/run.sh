#!/usr/bin/env bash
# The README's first command: install what HIY needs, build it, and run it with its defaults, as root.
# By default HIY runs as its own unprivileged user `hiy` with rootless Podman (infra/hiy-user.sh sets it up);
# with HIY_ROOTFUL=1 it runs as root with rootful Podman and its data in ~/.hiy, as before.
# Where systemd is PID 1 it installs and starts hiy.service; elsewhere (a container, a chroot) it runs HIY in the
# foreground. Safe to run again.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
say() { printf -- '-----> %s\n' "$*"; }
"$here/install-deps.sh"
cd "$here/.."
say "Building app/target/hiy.jar"
mvn -B -q package -DskipTests
if [ "${HIY_ROOTFUL:-0}" = 1 ]; then
  if [ -n "${1:-}" ]; then
    say "Registering $1 as admin"
    "$here/hiy" keys add "${HIY_ADMIN_NAME:-admin}" "$1" --admin || true
  fi
  exec "$here/hiy" server
fi

"$here/hiy-user.sh"
# Where hiy can read them (root's clone of the repository need not be readable by others).
install -d -m 0755 /usr/local/lib/hiy
install -m 0644 app/target/hiy.jar /usr/local/lib/hiy/hiy.jar.new
mv /usr/local/lib/hiy/hiy.jar.new /usr/local/lib/hiy/hiy.jar
install -m 0755 "$here/hiy" /usr/local/lib/hiy/hiy
install -m 0644 README.md /usr/local/lib/hiy/README.md
if [ -d "${HOME:-/root}/.hiy" ] && [ ! -e /var/lib/hiy/hiy.db ]; then
  printf ' !     An earlier HIY kept its data in %s (as root). HIY now runs as hiy with /var/lib/hiy; to keep using\n' "$HOME/.hiy"
  printf ' !     the old data as root: HIY_ROOTFUL=1 %s (see docs/install.md, "Rootless by default")\n' "$0"
fi
if [ -n "${1:-}" ]; then
  say "Registering $1 as admin"
  "$here/hiy" keys add "${HIY_ADMIN_NAME:-admin}" "$1" --admin || true
fi

if [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]; then
  "$here/hiy-unit.sh" >/etc/systemd/system/hiy.service
  if [ ! -e /etc/default/hiy ]; then
    # The HIY_* settings run.sh was started with, kept for the service (edit the file, then systemctl restart hiy).
    { echo "# HIY's settings for hiy.service (see the README's settings table); systemctl restart hiy applies them"
      env | grep -E '^HIY_' | grep -vE '^HIY_(ROOTFUL|ADMIN_NAME|JAR)=' || true; } >/etc/default/hiy
  fi
  systemctl daemon-reload
  systemctl enable hiy.service >/dev/null
  systemctl restart hiy.service
  say "HIY runs as the service hiy (user hiy, rootless Podman, data in /var/lib/hiy). Its log: journalctl -u hiy -f"
  exit 0
fi
say "Running HIY as user hiy in the foreground (rootless Podman, data in /var/lib/hiy); Ctrl-C stops it"
exec "$here/hiy" server
