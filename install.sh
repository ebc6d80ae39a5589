#!/usr/bin/env bash
# Installs and starts harbor-ts from harbor.yml, like Harbor's install.sh.
#   ./install.sh [--with-trivy]                      docker compose v2 or docker-compose 1.29 (the default)
#   ./install.sh --native [--conf FILE]              local processes, no Docker (see docs/install.md)
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly REPO_ROOT
readonly HARBORCTL="$REPO_ROOT/deploy/native/harborctl"
readonly HEALTH_TIMEOUT_SECONDS=${HARBOR_HEALTH_TIMEOUT_SECONDS:-150}

usage() {
  cat <<'EOF'
Usage: ./install.sh [--conf FILE] [--native] [--with-trivy]

  --conf FILE    harbor.yml to install from (default: ./harbor.yml)
  --native       run harbor-ts as local processes (postgres, redis, nginx and the Node services)
                 instead of docker compose
  --with-trivy   also run a scanner adapter and register it as the default scanner "Trivy"
                 (harbor-ts's own offline scanner adapter; in docker mode its own image)
  --help         show this help
EOF
}

step_number=0
step() {
  echo
  echo "[Step $step_number]: $*"
  step_number=$((step_number + 1))
}

die() {
  echo "install.sh: error: $*" >&2
  exit 1
}

is_root() { [[ $EUID -eq 0 ]]; }

# ---------------------------------------------------------------------------------------------
# Native mode

postgres_installed() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null; }
nginx_installed() { command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]]; }

missing_os_packages() {
  local missing=()
  postgres_installed || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  nginx_installed || missing+=(nginx)
  # nginx checks https upstreams of proxy-cache projects against the system's CAs.
  [[ -f /etc/ssl/certs/ca-certificates.crt ]] || missing+=(ca-certificates)
  # npm ci compiles the registry's page-cache addon (packages/storage/native) with node-gyp.
  command -v g++ >/dev/null || missing+=(g++)
  command -v make >/dev/null || missing+=(make)
  command -v python3 >/dev/null || missing+=(python3)
  echo "${missing[@]}"
}

ensure_os_packages() {
  local missing
  missing=$(missing_os_packages)
  [[ -z $missing ]] && return 0
  if ! is_root || ! command -v apt-get >/dev/null; then
    die "missing OS packages: $missing. Install them (Debian/Ubuntu: sudo apt-get install -y $missing) and run again"
  fi
  echo "Installing $missing"
  # shellcheck disable=SC2086 # one package per word
  DEBIAN_FRONTEND=noninteractive apt-get install -y $missing ||
    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $missing; } ||
    die "apt-get could not install $missing"
  # harbor-ts runs its own private servers; the distribution's default ones would hold port 80/5432.
  if command -v systemctl >/dev/null; then
    local unit
    for unit in $missing; do systemctl disable --now "$unit" >/dev/null 2>&1 || true; done
  fi
}

check_node() {
  command -v node >/dev/null || die "Node.js 20.19 or newer is required"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
    die "Node.js 20.19 or newer is required (found $(node --version))"
}

build_workspace() {
  cd "$REPO_ROOT"
  [[ -d node_modules ]] || npm ci
  # Fast when nothing changed: turbo replays cached builds. Installs of several instances from one
  # checkout take turns, so two builds never write the same dist/ at once.
  # Then the production dependencies' sources lose their comments and whitespace, once per lockfile:
  # every app process holds the source of what it loads (deploy/minify-dependencies.mjs). Only
  # memory depends on it, so a failure there is a warning, not a failed install.
  local minify=(node deploy/minify-dependencies.mjs)
  if command -v flock >/dev/null; then
    flock "$REPO_ROOT/node_modules/.harbor-ts-build.lock" npx turbo run build --output-logs=errors-only
    minify=(flock "$REPO_ROOT/node_modules/.harbor-ts-build.lock" "${minify[@]}")
  else
    npx turbo run build --output-logs=errors-only
  fi
  "${minify[@]}" || echo "install.sh: warning: dependencies left as shipped (deploy/minify-dependencies.mjs failed)" >&2
}

# Reads one variable of the instance.env that prepare wrote (in a fresh shell: it sets REPO_ROOT too).
instance_value() {
  local conf=$1 name=$2
  # shellcheck disable=SC2016 # expanded by the inner shell
  bash -c 'source "$1" && printf "%s" "${!2}"' _ "$(dirname "$conf")/common/config/native/instance.env" "$name"
}

# harbor's component names → harborctl's service names, to show the right log.
log_service_of() {
  case $1 in
    database) echo postgresql ;;
    portal) echo nginx ;;
    *) echo "$1" ;;
  esac
}

wait_until_healthy() {
  local conf=$1 url failing component
  url=$(instance_value "$conf" HEALTH_URL)
  echo "Waiting up to ${HEALTH_TIMEOUT_SECONDS}s for $url"
  if failing=$(node "$REPO_ROOT/deploy/native/wait-healthy.mjs" "$url" "$HEALTH_TIMEOUT_SECONDS"); then
    return 0
  fi
  echo "install.sh: harbor-ts did not become healthy; failing: $(echo "$failing" | tr '\n' ' ')" >&2
  for component in $failing; do
    echo "----- last problems in the $(log_service_of "$component") log (info lines left out) -----" >&2
    # Services log JSON lines; level 10-30 (trace, debug, info) rarely explains a failure.
    "$HARBORCTL" --conf "$conf" logs -n 2000 "$(log_service_of "$component")" 2>&1 |
      grep -v '"level":[123]0,' | tail -n 30 >&2 || true
  done
  return 1
}

systemd_running() { is_root && [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; }

# Under systemd the instance gets a unit (harbor-ts-<escaped folder>.service), enabled so it comes
# back after a reboot; supervise, started by harborctl, restarts a crashed component in between.
start_with_systemd() {
  local conf=$1 unit
  unit="harbor-ts-$(systemd-escape --path "$(dirname "$conf")").service"
  "$HARBORCTL" --conf "$conf" systemd-unit >"/etc/systemd/system/$unit"
  systemctl daemon-reload
  systemctl enable "$unit" >/dev/null
  # Processes a previous harborctl start left outside the unit stop first; then they start inside it.
  systemctl stop "$unit" >/dev/null 2>&1 || true
  "$HARBORCTL" --conf "$conf" stop
  systemctl start "$unit" || die "systemctl start $unit failed; see journalctl -u $unit and $HARBORCTL --conf $conf logs"
  echo "Installed and enabled $unit (starts at boot; systemctl stop|start $unit)"
}

install_native() {
  local conf=$1 trivy=$2
  step "checking OS packages (postgresql, redis-server, nginx, ca-certificates, g++, make, python3)"
  ensure_os_packages
  check_node
  step "building harbor-ts"
  build_workspace
  step "preparing the configuration"
  "$REPO_ROOT/prepare" --native --conf "$conf" ${trivy:+--with-trivy}
  step "starting harbor-ts"
  if systemd_running; then
    start_with_systemd "$conf"
  else
    "$HARBORCTL" --conf "$conf" stop
    "$HARBORCTL" --conf "$conf" start
  fi
  step "checking health"
  local started=$SECONDS
  wait_until_healthy "$conf" || exit 1
  echo "harbor-ts is healthy ($((SECONDS - started))s after start); manage it with: $HARBORCTL --conf $conf status|stop|start|logs"
}

# ---------------------------------------------------------------------------------------------
# Docker mode

# docker compose v2 (the plugin) when present, else docker-compose 1.29 (Debian 12's package, and what
# Harbor's install guides use). Printed as words for an array.
compose_command() {
  if docker compose version >/dev/null 2>&1; then
    echo docker compose
  elif command -v docker-compose >/dev/null; then
    echo docker-compose
  fi
}

check_docker() {
  command -v docker >/dev/null || die "docker is not installed; install Docker Engine 20.10+ (or use --native)"
  docker info >/dev/null 2>&1 || die "the docker daemon is not reachable (is it running, and may this user use it?)"
  [[ -n $(compose_command) ]] ||
    die "neither docker compose (v2 plugin) nor docker-compose (1.29+) is installed (Debian/Ubuntu: apt-get install docker-compose)"
}

# The images of an offline bundle (deploy/docker/make-offline-bundle.sh) next to install.sh.
offline_image_tarball() {
  compgen -G "$REPO_ROOT/harbor-ts.*.tar.gz" | head -n 1 || true
}

compose_value() {
  local conf=$1 name=$2
  # shellcheck disable=SC2016 # expanded by the inner shell
  bash -c 'source "$1" && printf "%s" "${!2}"' _ "$(dirname "$conf")/common/config/docker/instance.env" "$name"
}

# harbor's health component names → compose service names.
compose_service_of() {
  case $1 in
    database) echo postgresql ;;
    trivy) echo trivy-adapter ;;
    nginx) echo proxy ;;
    *) echo "$1" ;;
  esac
}

# Prints the unhealthy components and fails when the timeout passes. Without Node.js (an offline
# bundle host) curl polls the same endpoint.
wait_for_health() {
  local url=$1 body deadline=$((SECONDS + HEALTH_TIMEOUT_SECONDS))
  if command -v node >/dev/null && [[ -f $REPO_ROOT/deploy/native/wait-healthy.mjs ]]; then
    node "$REPO_ROOT/deploy/native/wait-healthy.mjs" "$url" "$HEALTH_TIMEOUT_SECONDS"
    return
  fi
  while ((SECONDS < deadline)); do
    body=$(curl -ks --max-time 5 "$url" || true)
    [[ $body == *'"status":"healthy"'* ]] && return 0
    sleep 2
  done
  # The components whose status is not healthy, one a line.
  grep -o '"name":"[a-z-]*","status":"unhealthy"' <<<"$body" | cut -d'"' -f4 || echo core
  return 1
}

wait_until_compose_healthy() {
  local conf=$1 url failing component
  shift
  local compose=("$@")
  url=$(compose_value "$conf" HEALTH_URL)
  echo "Waiting up to ${HEALTH_TIMEOUT_SECONDS}s for $url"
  if failing=$(wait_for_health "$url"); then
    return 0
  fi
  echo "install.sh: harbor-ts did not become healthy; failing: $(echo "$failing" | tr '\n' ' ')" >&2
  "${compose[@]}" ps >&2 || true
  for component in $failing; do
    component=$(compose_service_of "$component")
    echo "----- last problems of $component (info lines left out; full logs in $(compose_value "$conf" LOG_DIR)) -----" >&2
    { "${compose[@]}" logs --no-color --tail 200 "$component" 2>&1
      tail -n 200 "$(compose_value "$conf" LOG_DIR)/$component.log" 2>/dev/null; } |
      grep -v '"level":[123]0,' | tail -n 30 >&2 || true
  done
  return 1
}

install_docker() {
  local conf=$1 trivy=$2 tarball compose_file
  local -a compose
  step "checking docker and docker compose"
  check_docker
  read -r -a compose <<<"$(compose_command)"
  echo "Using ${compose[*]} ($("${compose[@]}" version --short 2>/dev/null || true))"
  # The offline bundle's images first: its ./prepare runs inside harbor-ts/core.
  tarball=$(offline_image_tarball)
  if [[ -n $tarball ]]; then
    step "loading images from $tarball"
    docker load -i "$tarball"
  fi
  step "preparing the configuration"
  "$REPO_ROOT/prepare" --conf "$conf" ${trivy:+--with-trivy}
  compose_file=$(compose_value "$conf" COMPOSE_FILE)
  compose+=(-f "$compose_file")
  if [[ -z $tarball ]]; then
    step "building images from deploy/docker (debian:trixie-slim base)"
    "$REPO_ROOT/deploy/docker/build-images.sh" ${trivy:+--with-trivy}
  fi
  step "starting harbor-ts"
  "${compose[@]}" down --remove-orphans
  "${compose[@]}" up -d
  step "checking health"
  local started=$SECONDS
  wait_until_compose_healthy "$conf" "${compose[@]}" || exit 1
  echo "harbor-ts is healthy ($((SECONDS - started))s after start); manage it with: ${compose[*]} ps|logs|stop|start|down|up -d"
}

main() {
  local conf=./harbor.yml native="" trivy=""
  while (($#)); do
    case $1 in
      --help | -h) usage; exit 0 ;;
      --with-trivy) trivy=1 ;;
      --native) native=1 ;;
      --conf) [[ $# -ge 2 ]] || { usage >&2; exit 1; }; conf=$2; shift ;;
      --conf=*) conf=${1#--conf=} ;;
      *) echo "install.sh: unknown option $1" >&2; usage >&2; exit 1 ;;
    esac
    shift
  done
  [[ -f $conf ]] || die "$conf not found: copy harbor.yml.tmpl to harbor.yml, edit it, and run again"
  conf="$(cd "$(dirname "$conf")" && pwd)/$(basename "$conf")"
  if [[ -n $native ]]; then install_native "$conf" "$trivy"; else install_docker "$conf" "$trivy"; fi
}

main "$@"
