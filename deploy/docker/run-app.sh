#!/bin/sh
# Entry point of harbor-ts's Node images: runs the one app in /harbor/apps (or $APP) with the Node
# flags it asks for in apps/<app>/node-flags (lines starting with # are comments). compose passes
# `--config /etc/harbor/<app>/config.yml`.
set -e
app=${APP:-$(ls /harbor/apps)}
export NODE_ENV=production
# shellcheck disable=SC2046 # one flag a word
exec node $(grep -hv '^#' "/harbor/apps/$app/node-flags" 2>/dev/null) "/harbor/apps/$app/dist/main.js" "$@"
