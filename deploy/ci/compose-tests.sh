#!/usr/bin/env bash
# The docker compose end-to-end tests (vitest project deploy-compose), which test-all.sh runs beside the
# rest of the suite: they spend most of their time in the Docker engine building and starting images.
# First the images are built as ./install.sh builds them (deploy/docker/build-images.sh; a failure here is
# a test failure), then the tests run once the workspace build is done (the file named by
# HARBOR_TS_BUILT appears), and ./install.sh in them finds every layer in the engine's cache.
#   deploy/ci/compose-tests.sh RESULTS_JSON
set -uo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO_ROOT"
readonly RESULTS=$1

echo "==> building the compose images (deploy/docker/build-images.sh --with-trivy)"
started=$SECONDS
if ! deploy/docker/build-images.sh --with-trivy; then
  echo "compose-tests.sh: building the images failed" >&2
  exit 1
fi
echo "images built in $((SECONDS - started)) s"

while [[ -n ${HARBOR_TS_BUILT:-} && ! -e $HARBOR_TS_BUILT ]]; do sleep 2; done
echo "==> running the compose tests"
exec npx vitest run --project deploy-compose --reporter=default --reporter=json --outputFile.json="$RESULTS"
