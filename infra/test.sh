#!/usr/bin/env bash
# The README's second command, as root: install what the tests need, then build and run every test (unit and
# end-to-end: real git over real SSH, real Podman, real Caddy, real SQLite) in two passes, then the README's first
# command on a fresh Debian root filesystem (infra/test-fresh-box.sh).
#   1. as HIY runs by default: every end-to-end test's HIY as the user `hiy` with rootless Podman (HIY_E2E_USER=hiy;
#      infra/hiy-user.sh sets the user up, as run.sh does); the tests tagged rootful-only are left out.
#   2. rootful, as HIY_ROOTFUL=1 runs it: only the tests tagged both-modes (where the two modes differ: the drain,
#      resource limits, user namespaces, doctor) and rootful-only.
# With arguments they go to Maven (e.g. -pl app -am -Dtest=SomeTest) for one pass, as hiy (HIY_ROOTFUL=1: as root),
# and the fresh-box run is left out.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
say() { printf -- '-----> %s\n' "$*"; }
[ "$(id -u)" -eq 0 ] || { echo " !     infra/test.sh sets up the user hiy and runs rootful Podman: run it as root (sudo $0)" >&2; exit 1; }
"$here/install-deps.sh" --test
"$here/hiy-user.sh"
uid=$(id -u hiy)
# The tests' base image, in hiy's own Podman storage too (install-deps.sh imported it into root's).
setpriv --reuid="$uid" --regid="$(id -g hiy)" --init-groups env HOME="$(getent passwd hiy | cut -d: -f6)" \
  XDG_RUNTIME_DIR="/run/user/$uid" sh -c 'cd / && exec bash -s' <"$here/podman/base-image.sh"
cd "$here/.."

if [ $# -gt 0 ]; then
  if [ "${HIY_ROOTFUL:-0}" = 1 ]; then
    exec env -u HIY_E2E_USER mvn -B install "$@"
  fi
  exec env HIY_E2E_USER=hiy mvn -B install "$@"
fi

# Each part runs even when one before it failed, so one red test hides nothing of the rest; the exit status says.
failed=()
started=$SECONDS
say "Pass 1 of 2: every test, each end-to-end HIY as the user hiy with rootless Podman"
HIY_E2E_USER=hiy mvn -B install -Dhiy.excludedGroups=rootful-only || failed+=("pass 1 (as hiy, rootless)")
printf -- '-----> pass 1 (as hiy, rootless) took %d s\n' $((SECONDS - started))

started=$SECONDS
say "Pass 2 of 2: the tests where the modes differ, HIY as root with rootful Podman"
env -u HIY_E2E_USER mvn -B test -pl app -am '-Dgroups=both-modes | rootful-only' || failed+=("pass 2 (as root, rootful)")
printf -- '-----> pass 2 (as root, rootful) took %d s\n' $((SECONDS - started))

# After Maven: its local repository is then complete, and the fresh box copies it instead of downloading.
started=$SECONDS
"$here/test-fresh-box.sh" || failed+=("the fresh-box test")
printf -- '-----> fresh box took %d s\n' $((SECONDS - started))
if [ ${#failed[@]} -gt 0 ]; then
  printf ' !     failed: %s (see the output above)\n' "${failed[@]}" >&2
  exit 1
fi
