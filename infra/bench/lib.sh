# Helpers shared by benchmarks in infra/bench (sourced, not run). The style follows push-to-live:
# a private HIY on free loopback ports with a temp HIY_DATA_DIR and a fresh admin key, every process
# this script started stopped by PID, everything it made removed from a trap.
#
# The sourcing script sets: here (repository root), work (its temp dir), and calls bench_prepare.
# shellcheck shell=bash

# A private HIY run by root, with the jar of this checkout and root's Podman, beside any real (rootless) one:
# infra/hiy would otherwise hand it to the `hiy` user that infra/run.sh made.
export HIY_ROOTFUL=1

# Milliseconds since the epoch without forking `date` (EPOCHREALTIME is bash 5, µs resolution).
now_ms() { local t=${EPOCHREALTIME//[!0-9]/}; echo $((t / 1000)); }

log() { printf '%s\n' "$*" >&2; }

# A port nobody listens on, in 15000-19999: below HIY's app slots (20000+) and Linux's ephemeral range
# (32768+), so neither an app nor an outgoing connection takes it while the benchmark runs.
declare -A PICKED=()
free_port() {
  local p
  while :; do
    p=$((15000 + RANDOM % 5000))
    [ -z "${PICKED[$p]:-}" ] || continue
    if ! ss -Hltn "sport = :$p" | grep -q .; then PICKED[$p]=1; echo "$p"; return; fi
  done
}

tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Polls a URL (extra curl args after $3) until the body equals $2; fails after $1 seconds.
wait_body() {
  local secs=$1 want=$2 url=$3; shift 3
  local deadline=$(( $(now_ms) + secs * 1000 )) body
  while :; do
    body=$(curl -s --max-time 2 "$@" "$url" || true)
    [ "$body" = "$want" ] && return 0
    [ "$(now_ms)" -lt "$deadline" ] || { log "last body from $url: ${body:0:200}"; return 1; }
    sleep 0.02
  done
}

# Median of the numbers given as arguments (mean of the two middle ones for an even count).
median() {
  printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {
    if (NR == 0) { print 0; exit }
    if (NR % 2) print a[(NR + 1) / 2]; else printf "%d\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

secs() { awk -v ms="$1" 'BEGIN { printf "%.3f s", ms / 1000 }'; }

# SIGTERM one process we started, wait for it, SIGKILL after $2 seconds.
stop_pid() {
  local pid=$1 grace=${2:-20} i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}

# Builds the jar if missing, imports the base image, picks ports, exports HIY's settings and registers
# a fresh ed25519 key as admin ($1: a short id for the key comment). Sets SSH_PORT, HTTP_PORT,
# HTTPS_PORT, ADMIN_PORT, HIY_SSH (an ssh command line for HIY's SSH commands) and GIT_SSH_COMMAND.
bench_prepare() {
  local id=$1
  if [ ! -f "$here/app/target/hiy.jar" ]; then
    log "-----> Building app/target/hiy.jar"
    (cd "$here" && mvn -B -q package -DskipTests)
  fi
  "$here/infra/podman/base-image.sh"

  SSH_PORT=$(free_port); HTTP_PORT=$(free_port); HTTPS_PORT=$(free_port); ADMIN_PORT=$(free_port)
  export HIY_DATA_DIR="$work/data" HIY_DOMAIN=localhost
  export HIY_SSH_PORT=$SSH_PORT HIY_HTTP_PORT=$HTTP_PORT HIY_HTTPS_PORT=$HTTPS_PORT
  export HIY_CADDY_ADMIN="http://127.0.0.1:$ADMIN_PORT"

  ssh-keygen -q -t ed25519 -N '' -C "bench@$id" -f "$work/key"
  "$here/infra/hiy" keys add bench "$work/key.pub" --admin >"$work/keys-add.log" 2>&1 \
    || { cat "$work/keys-add.log" >&2; log "keys add failed"; return 1; }
  local opts="-i $work/key -o IdentitiesOnly=yes -o StrictHostKeyChecking=no \
-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes"
  export GIT_SSH_COMMAND="ssh $opts"
  HIY_SSH="ssh $opts -p $SSH_PORT hiy@127.0.0.1"
}

# Starts `infra/hiy server` in the background; sets HIY_PID and HIY_LOG; waits for its SSH port.
HIY_PID=""
start_hiy() {
  local t0; t0=$(now_ms)
  HIY_LOG="$work/hiy.log"
  "$here/infra/hiy" server >"$HIY_LOG" 2>&1 &
  HIY_PID=$!
  until tcp_open "$SSH_PORT"; do
    kill -0 "$HIY_PID" 2>/dev/null || { cat "$HIY_LOG" >&2; log "HIY exited during start-up"; return 1; }
    [ $(( $(now_ms) - t0 )) -lt 60000 ] || { log "HIY's SSH port did not open within 60 s"; return 1; }
    sleep 0.01
  done
}

# HIY stops the Caddy and Podman service it started itself when it gets SIGTERM.
stop_hiy() { [ -z "$HIY_PID" ] || stop_pid "$HIY_PID" 30; HIY_PID=""; }

# Removes the containers, images and network of HIY app $1 (HIY leaves apps running when it stops).
remove_app_leftovers() {
  local app=$1 c img net
  for c in $(podman ps -aq --filter "label=hiy.app=$app" 2>/dev/null); do
    podman rm -f -t 0 "$c" >/dev/null 2>&1 || { sleep 1; podman rm -f -t 0 "$c" >/dev/null 2>&1; }
  done
  for img in $(podman images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep -E "(^|/)hiy/$app:"); do
    podman rmi -f "$img" >/dev/null 2>&1
  done
  for net in $(podman network ls -q --filter "label=hiy.network=$app" 2>/dev/null); do
    podman network rm -f "$net" >/dev/null 2>&1
  done
}

# A git project with a Dockerfile app on the local busybox image serving one static page on $PORT
# ($1 the directory, $2 the page, $3 the Dockerfile's CMD line, default busybox httpd in the foreground).
make_busybox_project() {
  local dir=$1 first=$2 cmd=${3:-'CMD exec httpd -f -p "$PORT" -h /www'}
  mkdir -p "$dir"
  git -C "$dir" init -q -b main
  git -C "$dir" config user.name bench; git -C "$dir" config user.email bench@localhost
  printf '%s\n' 'FROM localhost/busybox:latest' 'COPY index.html /www/index.html' "$cmd" >"$dir/Dockerfile"
  echo "$first" >"$dir/index.html"
  git -C "$dir" add -A; git -C "$dir" commit -q -m first
}
