#!/usr/bin/env bash
# The one test command (`npm test`): on a fresh Debian/Ubuntu machine it installs what the tests
# need, uses the machine's Postgres and Redis or starts private ones, builds, lints and runs every
# unit, integration and end-to-end test. Exits non-zero on any failure.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO_ROOT"
WORK_DIR=$(mktemp -d /tmp/harbor-ts-test.XXXXXX)
chmod 755 "$WORK_DIR"
CLEANUPS=()

log() { printf '\n==> %s\n' "$*"; }
on_exit() {
  local status=$?
  for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do eval "${CLEANUPS[$i]}" || true; done
  rm -rf "$WORK_DIR" || echo "warning: could not remove $WORK_DIR" >&2
  exit "$status"
}
trap on_exit EXIT

# Debian packages the tests drive for real: servers, registries, clients, a browser; what npm ci
# needs to compile the registry's page-cache addon (packages/storage/native); and Go with Debian's
# bbolt, which write the scanner tests' trivy.db fixtures.
# rpm builds and reads the scanner tests' rpm databases and is their version-order reference.
# debootstrap makes the debian:trixie-slim base of the compose test's images (deploy/docker/base-image.sh).
OS_PACKAGES=(postgresql redis-server redis-tools nginx skopeo docker-registry docker.io docker-compose debootstrap busybox-static chromium fonts-wqy-microhei curl g++ make python3 golang-go golang-github-coreos-bbolt-dev slapd rpm)

install_os_packages() {
  local missing=()
  for pkg in "${OS_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "missing OS packages: ${missing[*]} (install them, or run as root on Debian/Ubuntu)" >&2
    exit 1
  fi
  log "installing OS packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # Debian's postinst would start system-wide daemons on their default ports; tests start their own.
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  rm -f /usr/sbin/policy-rc.d
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

run_as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ensure_postgres() {
  if [ -n "${HARBOR_TEST_PG_URL:-}" ]; then return 0; fi
  if pg_isready -q -h 127.0.0.1 -p 5432 && psql -h 127.0.0.1 -U postgres -Atc 'select 1' postgres >/dev/null 2>&1; then
    export HARBOR_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/postgres
    return 0
  fi
  log "starting a private PostgreSQL"
  local bin dir port
  bin=$(pg_bin)
  dir="$WORK_DIR/postgres"
  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  run_as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust >/dev/null
  run_as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null
  CLEANUPS+=("run_as_postgres '$bin/pg_ctl' -D '$dir/data' -m immediate stop >/dev/null")
  export HARBOR_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
}

ensure_redis() {
  if [ -n "${HARBOR_TEST_REDIS_URL:-}" ]; then return 0; fi
  if [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; then
    export HARBOR_TEST_REDIS_URL=redis://127.0.0.1:6379
    return 0
  fi
  log "starting a private Redis"
  local port
  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$WORK_DIR/redis.pid" --logfile "$WORK_DIR/redis.log" --dir "$WORK_DIR"
  CLEANUPS+=("redis-cli -p $port shutdown nosave >/dev/null")
  export HARBOR_TEST_REDIS_URL="redis://127.0.0.1:$port"
}

# A Docker engine for the docker CLI end-to-end tests, private to this run. Its images and layers are
# kept between runs (beside base-image.sh's cached root filesystem), so the compose images are rebuilt
# only where the sources changed; images no tag points to any more are pruned at the end.
ensure_docker() {
  if [ -n "${DOCKER_HOST:-}" ] || docker info >/dev/null 2>&1; then return 0; fi
  command -v dockerd >/dev/null || return 0
  log "starting a private Docker engine"
  local dir="$WORK_DIR/docker"
  local data="${HARBOR_TS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/harbor-ts}/test-docker-engine"
  mkdir -p "$dir" "$data"
  dockerd --storage-driver=vfs --iptables=false --ip6tables=false --bridge=none \
    --data-root "$data" --exec-root "$dir/exec" --pidfile "$dir/docker.pid" \
    --host "unix://$dir/docker.sock" >"$dir/dockerd.log" 2>&1 &
  CLEANUPS+=("stop_docker '$dir' $!")
  export DOCKER_HOST="unix://$dir/docker.sock"
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && return 0; sleep 1; done
  echo "dockerd did not start; its log:" >&2
  tail -n 30 "$dir/dockerd.log" >&2
  exit 1
}

# Stops the private engine and waits for it to exit: until then it holds mounts (its network
# namespace) under the work folder, which could not be removed.
stop_docker() {
  local dir=$1 pid=$2
  docker image prune -f >/dev/null 2>&1 || true
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  awk -v root="$dir/" 'index($2, root) == 1 { print $2 }' /proc/self/mounts | sort -r | xargs -r -n 1 umount -l
}

# The compose tests run beside the rest of the suite (deploy/ci/compose-tests.sh), in a process group of
# their own so that an early exit stops all of it.
start_compose_tests() {
  docker info >/dev/null 2>&1 || return 0
  log "starting the compose tests beside the suite (output at the end)"
  HARBOR_TS_BUILT="$WORK_DIR/built" setsid deploy/ci/compose-tests.sh "$WORK_DIR/results-compose.json" \
    >"$WORK_DIR/compose-tests.log" 2>&1 &
  COMPOSE_PID=$!
  CLEANUPS+=("kill -- -$COMPOSE_PID 2>/dev/null")
}

install_os_packages
log "installing npm dependencies"
npm ci --no-audit --no-fund --loglevel=error
ensure_postgres
ensure_redis
ensure_docker
COMPOSE_PID=""
start_compose_tests
log "building"
npx turbo run build --output-logs=errors-only
# As install.sh does: the suite then runs the dependencies as an install does, and the first
# native install of the suite does not rewrite them while other tests load them.
node deploy/minify-dependencies.mjs
touch "$WORK_DIR/built"
log "type-checking and linting"
npx turbo run typecheck --output-logs=errors-only
npx eslint . --max-warnings 0
log "running tests"
set +e
npx vitest run --project '!deploy-compose' --reporter=default --reporter=json --outputFile.json="$WORK_DIR/results.json"
status=$?
if [ -n "$COMPOSE_PID" ]; then
  log "waiting for the compose tests"
  wait "$COMPOSE_PID"
  compose_status=$?
  cat "$WORK_DIR/compose-tests.log"
  [ "$compose_status" -eq 0 ] || status=1
fi
set -e
node -e '
  const fs = require("fs");
  const runs = process.argv.slice(1).filter((file) => fs.existsSync(file)).map((file) => require(file));
  const sum = (key) => runs.reduce((total, run) => total + run[key], 0);
  const skipped = sum("numPendingTests") + sum("numTodoTests");
  console.log(`\nvitest: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${skipped} skipped`);
' "$WORK_DIR/results.json" "$WORK_DIR/results-compose.json" || true
exit "$status"
