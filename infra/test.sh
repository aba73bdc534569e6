#!/usr/bin/env bash
# The README's second command: install what the tests need, then build and run every test
# (unit and end-to-end: real git over real SSH, real Podman, real Caddy, real SQLite).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/install-deps.sh" --test
cd "$here/.."
mvn -B install "$@"
