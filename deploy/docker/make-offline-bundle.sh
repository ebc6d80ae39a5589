#!/usr/bin/env bash
# The offline installer, as Harbor ships one: builds every image (deploy/docker/build-images.sh
# --with-trivy) and writes harbor-ts-offline-installer-<version>.tgz holding harbor-ts/ with
# harbor-ts.<version>.tar.gz (`docker save` of every image, gzipped), install.sh, prepare,
# harbor.yml.tmpl and the scripts they run. On the target host, ./install.sh loads the images.
#   deploy/docker/make-offline-bundle.sh [--out DIR] [--no-build]
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly REPO_ROOT
VERSION=$(sed -n "s/^export const HARBOR_TS_VERSION = '\(.*\)';$/\1/p" "$REPO_ROOT/packages/config/src/version.ts")
readonly VERSION
readonly IMAGES=(db redis nginx portal core registry registryctl jobservice trivy-adapter)

main() {
  local out=$PWD build=1
  while (($#)); do
    case $1 in
      --out) out=$2; shift ;;
      --no-build) build="" ;;
      *) echo "usage: make-offline-bundle.sh [--out DIR] [--no-build]" >&2; exit 1 ;;
    esac
    shift
  done
  [[ -n $build ]] && "$REPO_ROOT/deploy/docker/build-images.sh" --with-trivy
  local stage
  stage=$(mktemp -d)
  # shellcheck disable=SC2064 # expand now
  trap "rm -rf '$stage'" EXIT
  local bundle="$stage/harbor-ts"
  mkdir -p "$bundle/deploy/docker" "$bundle/deploy/native"
  echo "saving ${#IMAGES[@]} images"
  local refs=()
  for image in "${IMAGES[@]}"; do refs+=("harbor-ts/$image:$VERSION"); done
  docker save "${refs[@]}" | gzip -1 >"$bundle/harbor-ts.$VERSION.tar.gz"
  cp "$REPO_ROOT/install.sh" "$REPO_ROOT/prepare" "$REPO_ROOT/harbor.yml.tmpl" "$bundle/"
  [[ -f $REPO_ROOT/LICENSE ]] && cp "$REPO_ROOT/LICENSE" "$bundle/"
  cp "$REPO_ROOT/deploy/docker/prepare-in-docker.sh" "$bundle/deploy/docker/"
  cp "$REPO_ROOT/deploy/native/wait-healthy.mjs" "$bundle/deploy/native/"
  echo "$VERSION" >"$bundle/VERSION"
  mkdir -p "$out"
  tar -C "$stage" -czf "$out/harbor-ts-offline-installer-$VERSION.tgz" harbor-ts
  echo "wrote $out/harbor-ts-offline-installer-$VERSION.tgz"
}

main "$@"
