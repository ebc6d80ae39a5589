#!/usr/bin/env bash
# Builds every harbor-ts image from deploy/docker on debian:trixie-slim (made by base-image.sh when
# the engine has none): harbor-ts/{db,redis,nginx,portal,core,registry,registryctl,jobservice,
# trivy-adapter}:<version>. The Node workspace is compiled once (build.Dockerfile →
# harbor-ts-build:<version>) and every Node image copies from that build; layers are cached, so a
# second run only rebuilds what changed.
#   deploy/docker/build-images.sh [--with-trivy]     (--with-trivy: also the scanner adapter)
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly REPO_ROOT
readonly DOCKER_DIR="$REPO_ROOT/deploy/docker"
VERSION=$(sed -n "s/^export const HARBOR_TS_VERSION = '\(.*\)';$/\1/p" "$REPO_ROOT/packages/config/src/version.ts")
readonly VERSION
readonly NODE_APPS=(core registry registryctl jobservice)

# Host networking: apt-get and npm reach the network even when the engine has no bridge. The classic
# builder (no buildx needed).
build() {
  local tag=$1
  shift
  echo "building $tag"
  DOCKER_BUILDKIT=0 docker build --network host -q -t "$tag" "$@" >/dev/null ||
    { echo "build-images.sh: building $tag failed" >&2; exit 1; }
}

main() {
  local trivy=""
  case ${1:-} in
    --with-trivy) trivy=1 ;;
    "") ;;
    *) echo "usage: build-images.sh [--with-trivy]" >&2; exit 1 ;;
  esac
  "$DOCKER_DIR/base-image.sh"
  build "harbor-ts/nginx:$VERSION" -f "$DOCKER_DIR/nginx.Dockerfile" "$DOCKER_DIR"
  build "harbor-ts/db:$VERSION" -f "$DOCKER_DIR/db.Dockerfile" "$DOCKER_DIR"
  build "harbor-ts/redis:$VERSION" -f "$DOCKER_DIR/redis.Dockerfile" "$DOCKER_DIR"
  # The workspace is built once, from a snapshot of the repository; every Node image copies from it.
  # CAs added to this machine (update-ca-certificates' local folder) are trusted by npm in the build.
  local app extra_cas
  extra_cas=$(cat /usr/local/share/ca-certificates/*.crt /usr/local/share/ca-certificates/*/*.crt 2>/dev/null || true)
  build "harbor-ts-build:$VERSION" -f "$DOCKER_DIR/build.Dockerfile" --build-arg "EXTRA_CA_CERTS=$extra_cas" "$REPO_ROOT"
  local node_build=(-f "$DOCKER_DIR/harbor-ts.Dockerfile" --build-arg "BUILD_IMAGE=harbor-ts-build:$VERSION"
    --build-arg "NGINX_IMAGE=harbor-ts/nginx:$VERSION")
  for app in "${NODE_APPS[@]}" ${trivy:+trivy-adapter}; do
    build "harbor-ts/$app:$VERSION" "${node_build[@]}" --target app --build-arg "APP=$app" "$DOCKER_DIR"
  done
  build "harbor-ts/portal:$VERSION" "${node_build[@]}" --target portal "$DOCKER_DIR"
}

main "$@"
