#!/usr/bin/env bash
# Builds localhost/busybox:latest from the busybox-static package: a base image for tests
# and examples on a box that cannot pull from a registry.
set -euo pipefail
image=localhost/busybox:latest
if podman image exists "$image" 2>/dev/null; then exit 0; fi
printf -- '-----> Importing %s from /bin/busybox\n' "$image"
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
mkdir -p "$d/bin" "$d/tmp" "$d/www"
cp /bin/busybox "$d/bin/"
for c in sh httpd echo cat ls env sleep printf wc grep sed; do ln -s busybox "$d/bin/$c"; done
tar -C "$d" -c . | podman import -q - "$image" >/dev/null
