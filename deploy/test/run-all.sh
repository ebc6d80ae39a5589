#!/usr/bin/env bash
# `npm test`: build everything (the deploy tests start the built apps), then run every vitest project.
# Extra arguments go to vitest, e.g. `npm test -- --project deploy`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
npx turbo run build --output-logs=errors-only
npx vitest run "$@"
