#!/usr/bin/env bash
# Builds HIY's default Node base image (docker.io/library/node:22-bookworm-slim, HIY_NODE_IMAGE) from this
# host's own node and npm, for a box that cannot pull from a registry (tests, benchmarks). It carries the host's
# CA bundle, so npm reaches the registry through a TLS-intercepting egress. Prints "made" when it made the
# image (the caller then removes it), nothing when it was there already.
set -euo pipefail
image=${1:-docker.io/library/node:22-bookworm-slim}
if podman image exists "$image" 2>/dev/null; then exit 0; fi
node=$(command -v node) || { echo "node-image.sh: node is not installed (apt-get install nodejs npm)" >&2; exit 1; }
npm_dir=$(dirname "$(readlink -f "$(command -v npm)")")/..
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
mkdir -p "$d/usr/local/bin" "$d/usr/local/lib/node_modules" "$d/bin" "$d/usr/bin" "$d/etc/ssl/certs" "$d/tmp" "$d/root"
cp "$node" "$d/usr/local/bin/node"
cp -r "$npm_dir" "$d/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$d/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$d/usr/local/bin/npx"
for l in $(ldd "$node" | grep -o '/[^ ]*'); do mkdir -p "$d$(dirname "$l")"; cp -L "$l" "$d$l"; done
cp /etc/ssl/certs/ca-certificates.crt "$d/etc/ssl/certs/"
cp /bin/busybox "$d/bin/busybox"
for c in sh env ls cat rm mkdir cp mv; do ln -s busybox "$d/bin/$c"; done
ln -s /bin/busybox "$d/usr/bin/env"
echo 'root:x:0:0:root:/root:/bin/sh' >"$d/etc/passwd"
chmod 1777 "$d/tmp"
tar -C "$d" -c . | podman import -q -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  -c 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' - "$image" >/dev/null
echo made
