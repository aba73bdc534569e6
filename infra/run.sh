#!/usr/bin/env bash
# The README's first command: install what HIY needs, build it, and run it with its defaults.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/install-deps.sh"
cd "$here/.."
printf -- '-----> Building app/target/hiy.jar\n'
mvn -B -q package -DskipTests
if [ -n "${1:-}" ]; then
  printf -- '-----> Registering %s as admin\n' "$1"
  "$here/hiy" keys add "${HIY_ADMIN_NAME:-admin}" "$1" --admin || true
fi
exec "$here/hiy" server
