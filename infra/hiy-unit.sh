#!/usr/bin/env bash
# Prints hiy.service as run.sh installs it where systemd is PID 1: the unit with the user hiy's uid filled in.
# infra/test-fresh-box.sh checks this output with systemd-analyze verify on a clean Debian.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
uid=$(id -u hiy) || { echo " !     there is no user hiy: run infra/hiy-user.sh (or infra/run.sh) first" >&2; exit 1; }
sed "s/@UID@/$uid/g" "$here/hiy.service"
