#!/usr/bin/env bash
# Proves the README's first command on a box that has nothing installed: a minimal Debian root filesystem
# (debootstrap --variant=minbase) runs `./infra/run.sh ~/.ssh/id_ed25519.pub` exactly as the README says,
# then a Dockerfile app is pushed over HIY's SSH and its page fetched through Caddy. It proves the rootless
# default too: HIY runs as the user `hiy`, and the app's containers are hiy's (its `podman ps -a` shows them,
# root's shows none). Every package HIY needs
# must come from infra/install-deps.sh: none of the host's installed packages is visible in there, so a
# missing install step fails here even where the host (and so the rest of CI) has the package.
#
# Isolation: its own mount and PID namespaces (unshare), so every mount made for the box and by the
# Podman inside it is invisible to the host and every process in it dies with it. The box's root is made with
# pivot_root, not chroot: the kernel refuses a chrooted process a user namespace, and rootless Podman needs one; the network namespace is
# the host's (apt and Maven need the box's egress), so HIY listens on free loopback ports.
# As root. Run by infra/test.sh; on its own: infra/test-fresh-box.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)

say() { printf -- '-----> fresh box: %s\n' "$*"; }
die() { printf ' !     fresh box: %s\n' "$*" >&2; exit 1; }
now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }

t_start=$(now)
[ "$(id -u)" -eq 0 ] || die "builds a root filesystem and runs a box on it: run it as root"
for tool in debootstrap unshare nsenter setsid pivot_root ssh-keygen ssh git curl tar ss; do
  command -v "$tool" >/dev/null || die "$tool is missing: run infra/install-deps.sh --test"
done

suite=bookworm
variant=minbase
arch=$(dpkg --print-architecture)
cache="${XDG_CACHE_HOME:-$HOME/.cache}/hiy/fresh-box"
key=$(printf '%s %s %s %s' "$suite" "$arch" "$variant" "(no --include: only what debootstrap installs)" \
  | sha256sum | cut -c1-12)
tarball="$cache/debian-$suite-$arch-$variant-$key.tar"
debs="$cache/apt-archives"
mkdir -p "$cache" "$debs"

# Debian's suites as this box's apt sees them (either sources format); no host name lives in this repo.
sources=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 'Identifier: Packages' 2>/dev/null \
  | awk -v s="$suite" '$2 == s || index($2, s "-") == 1' | sort -u)
mirror=$(awk -v s="$suite" '$2 == s { print $1; exit }' <<<"$sources")
[ -n "$mirror" ] || die "no '$suite' suite in this box's apt sources (run apt-get update, or add Debian's mirror)"

root=$(mktemp -d /var/tmp/hiy-fresh-box.XXXXXX)
work=$(mktemp -d /tmp/hiy-fresh-box-work.XXXXXX)
log="$work/run.log"
ns=""   # PID of the unshare process; its child is PID 1 of the box's PID namespace
ok=0

ns_init() { [ -n "$ns" ] && cat "/proc/$ns/task/$ns/children" 2>/dev/null | awk '{ print $1 }'; }
in_box() { # in_box SECONDS COMMAND…: runs a command inside the box's namespaces and root, clean environment
  local limit=$1 init; shift
  init=$(ns_init)
  [ -n "$init" ] || return 1
  # Entering the mount namespace puts the command at its root: the box's once its init has pivoted, the host's
  # before. The marker exists only in the box, so nothing (`podman rm --all` at cleanup!) ever runs on the host.
  timeout "$limit" nsenter --target "$init" --mount --pid -- /bin/sh -c '[ -e /.hiy-fresh-box ] || exit 125
    exec /usr/bin/env -i HOME=/root LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"' \
    in-box "$@"
}
as_hiy() { # as_hiy SECONDS COMMAND…: in the box as the user hiy, with the environment its HIY has
  local limit=$1; shift
  in_box "$limit" /bin/sh -c 'cd / && exec setpriv --reuid=hiy --regid=hiy --init-groups \
    env HOME=/var/lib/hiy XDG_RUNTIME_DIR=/run/user/$(id -u hiy) "$@"' as-hiy "$@"
}
box_pids() { # the processes of the box's PID namespace, by PID as the host sees them (not its init)
  local init nsid p; init=$(ns_init)
  [ -n "$init" ] || return 0
  nsid=$(readlink "/proc/$init/ns/pid") || return 0
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    [ "$p" != "$init" ] && [ "$(readlink "/proc/$p/ns/pid" 2>/dev/null)" = "$nsid" ] && echo "$p"
  done
  return 0
}
cleanup() {
  local rc=$? pids p i t; t=$(now)
  set +e
  trap - EXIT INT TERM
  if [ -n "$ns" ] && kill -0 "$ns" 2>/dev/null; then
    # The network namespace is the host's: the box's Podman must remove its containers itself, so CNI takes
    # their iptables rules and veth pairs away, before anything is killed.
    in_box 60 podman rm --all --force --time 0 >/dev/null 2>&1
    as_hiy 60 podman rm --all --force --time 0 >/dev/null 2>&1
    pids=$(box_pids)
    # shellcheck disable=SC2086
    [ -n "$pids" ] && kill -TERM $pids 2>/dev/null
    for i in $(seq 150); do [ -z "$(box_pids)" ] && break; sleep 0.1; done
    # unshare runs with --kill-child: its death SIGKILLs the PID namespace's init, and with it every process
    # left in the namespace (containers included); the mount namespace, and so every mount, goes with them.
    kill -KILL "$ns" 2>/dev/null
    wait "$ns" 2>/dev/null
  fi
  if [ $ok = 0 ]; then
    for f in "$root"/var/lib/hiy/*.log "$root"/var/lib/hiy/caddy/*.log "$root"/root/.hiy/*.log; do
      [ -f "$f" ] && { echo "--- ${f#"$root"} (last 30 lines)"; tail -n 30 "$f"; } >>"$log"
    done
  fi
  # Nothing was mounted in the host's namespace; refuse to delete if anything under the root is mounted anyway.
  if grep -qF " $root" /proc/self/mountinfo; then
    printf ' !     fresh box: %s is still mounted; left in place\n' "$root" >&2
  else
    rm -rf --one-file-system "$root"
  fi
  if [ $ok = 0 ] && [ -f "$log" ]; then
    cp "$log" "$cache/last-failure.log"
    printf ' !     fresh box: FAILED; the box printed (last 60 lines; all of it in %s):\n' "$cache/last-failure.log" >&2
    tail -n 60 "$log" | sed 's/^/       | /' >&2
  fi
  rm -rf "$work"
  say "cleaned up in $(secs "$t" "$(now)") s; whole test $(secs "$t_start" "$(now)") s"
  [ $rc = 0 ] && [ $ok = 0 ] && rc=1
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the root filesystem: debootstrap once, then a cached tarball ------------------------------------------
t=$(now)
if [ -f "$tarball" ]; then
  tar -C "$root" --numeric-owner --xattrs --xattrs-include='*' -xpf "$tarball"
  say "root filesystem from the cached $tarball in $(secs "$t" "$(now)") s"
else
  say "debootstrap --variant=$variant $suite ($arch) from $mirror"
  # In its own mount namespace: the /proc and /sys debootstrap mounts in the target go with it, even if cut off.
  unshare --mount --propagation private -- debootstrap --variant="$variant" --arch="$arch" "$suite" "$root" "$mirror" \
    >"$work/debootstrap.log" 2>&1 \
    || { tail -n 20 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
  tar -C "$root" --numeric-owner --xattrs --xattrs-include='*' -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
  say "debootstrap took $(secs "$t" "$(now)") s (cached as $tarball)"
fi
t_rootfs=$(now)

# --- what a user's box would have besides: a network, the repository, a key -----------------------------
chmod 755 "$root"   # apt's _apt user must traverse /
touch "$root/.hiy-fresh-box"   # in_box runs nothing where this is missing
rm -f "$root/etc/resolv.conf"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
awk '{ print "deb " $1 " " $2 " " $3 }' <<<"$sources" >"$root/etc/apt/sources.list"
# This box's egress re-signs TLS with a CA it trusts locally; a box behind such a proxy has that CA here too.
# update-ca-certificates (run when install-deps installs ca-certificates) picks it up for curl and Java.
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
fi
# .deb files apt downloaded on an earlier run: apt still has to be asked for every package by name, so
# this saves downloads without hiding a missing install step.
cp "$debs"/*.deb "$root/var/cache/apt/archives/" 2>/dev/null || true
# The working tree as a clone would have it (tracked and new files, nothing ignored such as target/).
mkdir -p "$root/root/hiy" "$root/root/.ssh"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard \
  | tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -C "$root/root/hiy" -xf -
# Maven artifacts come from Maven Central, not from Debian packages, so copying the host's local repository
# hides no apt step; it only spares the download (a copy, so the box cannot write into the host's).
[ -d "$HOME/.m2/repository" ] && mkdir -p "$root/root/.m2" && cp -a "$HOME/.m2/repository" "$root/root/.m2/"
ssh-keygen -q -t ed25519 -N '' -C fresh-box -f "$work/id_ed25519"
cp "$work/id_ed25519.pub" "$root/root/.ssh/id_ed25519.pub"
# Nothing is made under /var/lib/cni here: without it rootless Podman cannot see hiy's networks (infra/hiy-user.sh
# makes it), and the box's root starts no container that would need the host's default network.

free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 30000))
    case " $taken " in *" $p "*) continue ;; esac
    [ -z "$(ss -Htan "( sport = :$p )")" ] && { echo "$p"; return; }
  done
}
taken=""
ssh_port=$(free_port); taken="$taken $ssh_port"
http_port=$(free_port); taken="$taken $http_port"
https_port=$(free_port); taken="$taken $https_port"
admin_port=$(free_port)
t_prepared=$(now)
say "prepared in $(secs "$t_rootfs" "$t_prepared") s; running the README's first command (ssh :$ssh_port, http :$http_port)"

# --- the README's first command, in the box --------------------------------------------------------------
# PID 1 of the new PID namespace: mounts what a booted Debian has, then runs the command and reaps orphans.
# /dev/shm and /run are the box's own: Podman keeps its locks and state there, and must not share the host's.
box_init='set -e
root=$1; shift
mount --bind "$root" "$root"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount -t tmpfs -o nosuid,nodev,mode=1777 shm "$root/dev/shm"
mount --rbind /sys "$root/sys"
mount --make-rslave "$root/sys"
mount -t tmpfs -o nosuid,nodev,mode=755 run "$root/run"
cd "$root"
pivot_root . mnt
cd /
umount -l /mnt
/usr/bin/env -i HOME=/root LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@" \
  /bin/bash -c "cd /root/hiy && exec ./infra/run.sh ~/.ssh/id_ed25519.pub" &
wait $!'
: >"$log"
setsid unshare --mount --pid --fork --kill-child --propagation private -- /bin/bash -c "$box_init" box "$root" \
  HIY_SSH_PORT="$ssh_port" HIY_HTTP_PORT="$http_port" HIY_HTTPS_PORT="$https_port" \
  HIY_CADDY_ADMIN="http://127.0.0.1:$admin_port" </dev/null >"$log" 2>&1 &
ns=$!

# Time each step by the line run.sh prints when it begins the next one.
declare -A seen=()
marks=("Dependencies ready" "Registering" "listening:")
deadline=$((SECONDS + 1800))
while [ -z "${seen["listening:"]:-}" ]; do
  for m in "${marks[@]}"; do
    [ -z "${seen[$m]:-}" ] && grep -qF -- "$m" "$log" && seen[$m]=$(now)
  done
  if [ -n "${seen["Dependencies ready"]:-}" ] && [ -z "${debs_kept:-}" ]; then
    rm -f "$debs"/*.deb
    cp "$root"/var/cache/apt/archives/*.deb "$debs/" 2>/dev/null || true
    debs_kept=1
  fi
  kill -0 "$ns" 2>/dev/null || die "./infra/run.sh stopped before HIY was listening"
  [ $SECONDS -lt $deadline ] || die "HIY was not listening within 30 minutes"
  sleep 0.5
done
t_listening=${seen["listening:"]}
t_installed=${seen["Dependencies ready"]:-$t_listening}
t_built=${seen["Registering"]:-$t_listening}

# --- a push and its page ---------------------------------------------------------------------------------
# A user's box pulls busybox from a registry; this one cannot, so the box imports it from the busybox-static
# that install-deps had to install.
# Into hiy's own Podman storage (rootless: root's images are not hiy's); hiy cannot read root's clone.
as_hiy 120 /bin/bash -s <"$repo/infra/podman/base-image.sh"
app="$work/app"
token="fresh-box-$RANDOM$RANDOM"
mkdir -p "$app"
printf '<p>%s</p>\n' "$token" >"$app/index.html"
printf '%s\n' 'FROM localhost/busybox:latest' 'COPY index.html /www/index.html' \
  'CMD exec httpd -f -p "$PORT" -h /www' >"$app/Dockerfile"
git -C "$app" init -q -b main
git -C "$app" add .
git -C "$app" -c user.name=fresh-box -c user.email=fresh-box@hiy.local commit -q -m 'first'
t_push=$(now)
GIT_SSH_COMMAND="ssh -i $work/id_ed25519 -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR" \
  timeout 600 git -C "$app" push "ssh://hiy@127.0.0.1:$ssh_port/fresh" main >"$work/push.log" 2>&1 \
  || { cat "$work/push.log" >&2; die "git push failed"; }
grep -q 'Live' "$work/push.log" || { cat "$work/push.log" >&2; die "git push did not report the app live"; }
page=""
for i in $(seq 120); do
  page=$(curl -sS --max-time 5 -H "Host: fresh.localhost" "http://127.0.0.1:$http_port/" 2>&1) || true
  case "$page" in *"$token"*) break ;; esac
  sleep 0.5
done
case "$page" in *"$token"*) ;; *) die "Caddy did not serve the pushed page on :$http_port (last answer: $page)" ;; esac
t_page=$(now)

# --- rootless by default: HIY is hiy's process, the app's containers are hiy's, root's Podman has none ------
hiy_uid=$(in_box 10 id -u hiy) || die "run.sh made no user hiy"
[ "$hiy_uid" != 0 ] || die "the user hiy has uid 0"
server=""
for p in $(box_pids); do
  tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q 'hiy.jar server' && server=$p
done
[ -n "$server" ] || die "found no 'hiy.jar server' process in the box"
server_uid=$(awk '/^Uid:/ { print $3 }' "/proc/$server/status")
[ "$server_uid" = "$hiy_uid" ] || die "HIY (pid $server) runs as uid $server_uid, not as hiy ($hiy_uid)"
theirs=$(as_hiy 30 podman ps -a --filter label=hiy.app=fresh --format '{{.Names}}') || die "hiy's podman ps failed"
[ -n "$theirs" ] || die "hiy's podman ps -a shows no container of the app fresh"
roots=$(in_box 30 podman ps -a --filter label=hiy.app=fresh --format '{{.Names}}') || die "root's podman ps failed"
[ -z "$roots" ] || die "root's podman ps -a shows the app's containers, so HIY did not use rootless Podman: $roots"
# By number: the box's user names are not the host's.
db_uid=$(stat -c %u "$root/var/lib/hiy/hiy.db")
[ "$db_uid" = "$hiy_uid" ] || die "the database /var/lib/hiy/hiy.db belongs to uid $db_uid, not to hiy ($hiy_uid)"
ps_out=$(ssh -i "$work/id_ed25519" -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no \
  -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p "$ssh_port" hiy@127.0.0.1 ps fresh 2>&1) || true
if [ "$(stat -fc %T /sys/fs/cgroup)" != cgroup2fs ]; then
  # cgroup v1 (as on the machines this is built on): rootless Podman ignores limits; HIY says so at start and in `ps`.
  grep -q 'limits are NOT enforced' "$log" || die "HIY did not warn at start that container limits are not enforced"
  grep -q '^Limits: not enforced' <<<"$ps_out" || die "ps did not say that limits are not enforced: $ps_out"
fi
say "rootless: HIY runs as hiy (uid $hiy_uid), hiy's Podman has $theirs, root's none;" \
  "ps says: $(grep '^Limits' <<<"$ps_out" | cut -c1-60 || echo 'limits enforced')…"
t_rootless=$(now)

# --- hiy.service as run.sh installs it where systemd is PID 1 (not here): systemd's own check of the unit --------
# On this box's real paths and user; systemd is installed only for the check (minbase has none).
in_box 300 /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends systemd \
  >"$work/systemd.log" 2>&1 || { cat "$work/systemd.log" >&2; die "could not install systemd in the box to check hiy.service"; }
in_box 30 /root/hiy/infra/hiy-unit.sh >"$root/root/hiy.service" || die "infra/hiy-unit.sh could not write hiy.service"
verify=$(in_box 60 systemd-analyze verify /root/hiy.service 2>&1) || die "systemd-analyze verify refused hiy.service: $verify"
[ -z "$verify" ] || die "systemd-analyze verify found problems in hiy.service: $verify"
say "hiy.service: systemd-analyze verify found nothing to say"
t_unit=$(now)

# --- the fault the issue was about: without catatonit, HIY says so at start, and so does check-deps ---------
in_box 60 dpkg --remove catatonit >/dev/null 2>&1 || die "could not remove catatonit in the box"
set +e
check=$(in_box 120 /root/hiy/infra/check-deps.sh 2>&1)
check_rc=$?
broken=$(in_box 120 /usr/bin/env HIY_DATA_DIR=/tmp/hiy-without-init HIY_SSH_PORT="$(free_port)" \
  HIY_HTTP_PORT="$(free_port)" HIY_HTTPS_PORT="$(free_port)" HIY_CADDY_ADMIN="http://127.0.0.1:$(free_port)" \
  /root/hiy/infra/hiy server 2>&1)
broken_rc=$?
set -e
[ $check_rc != 0 ] && grep -q 'apt-get install catatonit' <<<"$check" \
  || die "check-deps.sh did not name catatonit when it was missing (exit $check_rc): $check"
last=$(tail -n 1 <<<"$broken")
[ $broken_rc = 1 ] && grep -q 'apt-get install catatonit' <<<"$last" \
  || die "HIY without catatonit did not stop with one line naming it (exit $broken_rc): $last"
say "without catatonit: $last"
t_fault=$(now)
ok=1

say "passed: install inside $(secs "$t_prepared" "$t_installed") s, mvn package $(secs "$t_installed" "$t_built") s," \
  "start $(secs "$t_built" "$t_listening") s, push to page $(secs "$t_push" "$t_page") s," \
  "rootless checks $(secs "$t_page" "$t_rootless") s, hiy.service check $(secs "$t_rootless" "$t_unit") s," \
  "missing-catatonit check $(secs "$t_unit" "$t_fault") s;" \
  "root filesystem $(secs "$t_start" "$t_rootfs") s, total $(secs "$t_start" "$t_fault") s"
