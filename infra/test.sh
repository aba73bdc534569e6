#!/usr/bin/env bash
# The README's second command: install what the tests need, then build and run every test
# (unit and end-to-end: real git over real SSH, real Podman, real Caddy, real SQLite), then the README's
# first command on a fresh Debian root filesystem (infra/test-fresh-box.sh).
# With arguments they go to Maven (e.g. -pl app -Dtest=SomeTest) and the fresh-box run is left out.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/install-deps.sh" --test
cd "$here/.."
mvn -B install "$@"
if [ $# -eq 0 ]; then
  # After Maven: its local repository is then complete, and the fresh box copies it instead of downloading.
  started=$SECONDS
  "$here/test-fresh-box.sh"
  printf -- '-----> fresh box took %d s\n' $((SECONDS - started))
fi
