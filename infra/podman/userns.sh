#!/usr/bin/env bash
# Subordinate ids for rootful Podman's `--userns=auto`: HIY runs each app container in a user namespace of its
# own, carved by Podman from the ranges of the user "containers" in /etc/subuid and /etc/subgid. Root inside a
# container is then an unprivileged uid on the host. Idempotent: adds the entries only when absent.
# Rootless Podman uses the HIY user's own ranges instead (useradd -m creates them); nothing to do then.
set -euo pipefail
[ "$(id -u)" -eq 0 ] || exit 0
# The range Podman's documentation suggests: the upper half of the 32-bit id space, far from any real user.
entry="containers:2147483647:2147483648"
for file in /etc/subuid /etc/subgid; do
  touch "$file"
  if ! grep -q '^containers:' "$file"; then
    echo "$entry" >> "$file"
  fi
done
exit 0
