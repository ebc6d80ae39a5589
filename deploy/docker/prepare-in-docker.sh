#!/usr/bin/env bash
# ./prepare where there is no Node.js build of it (the offline bundle): runs the same prepare inside
# the harbor-ts/core image, with harbor.yml's folder, data_volume and log.local.location mounted at
# their own paths, so what it writes lands where the compose file expects it.
#   deploy/docker/prepare-in-docker.sh [prepare's options]
set -euo pipefail

BUNDLE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly BUNDLE_ROOT
VERSION=$(cat "$BUNDLE_ROOT/VERSION")
readonly IMAGE="harbor-ts/core:$VERSION"

conf=$PWD/harbor.yml
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case ${args[$i]} in
    --conf) conf=${args[$((i + 1))]:-} ;;
    --conf=*) conf=${args[$i]#--conf=} ;;
  esac
done
[[ -f $conf ]] || { echo "prepare: $conf not found" >&2; exit 1; }
conf_dir=$(cd "$(dirname "$conf")" && pwd)
docker image inspect "$IMAGE" >/dev/null 2>&1 || {
  echo "prepare: $IMAGE is not loaded (docker load -i harbor-ts.$VERSION.tar.gz)" >&2
  exit 1
}

in_image() {
  docker run --rm --user 0 --network none --entrypoint node -w "$PWD" -v "$PWD:$PWD" -v "$conf_dir:$conf_dir" "$@"
}

# The folders harbor.yml names, read by harbor-ts's own parser.
mapfile -t dirs < <(in_image "$IMAGE" --input-type=module -e "
  import { loadHarborYml } from '/harbor/node_modules/@harbor-ts/config/dist/index.js';
  const yml = loadHarborYml(process.argv[1]);
  console.log(yml.data_volume);
  console.log(yml.log.local.location);
  const root = yml.storage_service?.filesystem?.rootdirectory;
  if (root) console.log(root);
" "$conf_dir/$(basename "$conf")")
mounts=()
for dir in "${dirs[@]}"; do
  mkdir -p "$dir"
  mounts+=(-v "$dir:$dir")
done
in_image "${mounts[@]}" "$IMAGE" /harbor/packages/prepare/dist/cli.js "$@"
