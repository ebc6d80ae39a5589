# syntax=docker/dockerfile:1
# One image per harbor-ts back-end app, chosen with APP (core, registry, registryctl, jobservice):
#   docker build -f deploy/docker/app.Dockerfile --build-arg APP=core -t harbor-ts/core:<version> .
# The build context is the repository root. docker-compose.yml (written by ./prepare) passes both.
ARG NODE_VERSION=20.20

FROM node:${NODE_VERSION}-bookworm-slim AS build
# node-gyp compiles the registry's page-cache addon (packages/storage/native) during npm ci.
RUN apt-get update && apt-get install -y --no-install-recommends g++ make python3 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY packages/ packages/
COPY apps/ apps/
RUN npm ci
ARG APP
RUN test -n "$APP" || (echo "build with --build-arg APP=<core|registry|registryctl|jobservice>" && exit 1)
RUN npx turbo run build --filter="@harbor-ts/${APP}..."
# Only run-time dependencies go into the final image.
RUN npm prune --omit=dev

FROM node:${NODE_VERSION}-bookworm-slim
ARG APP
ENV NODE_ENV=production APP=${APP}
# Harbor's uid/gid; prepare gives this user the config files, secrets and data folders.
RUN groupadd -g 10000 harbor && useradd -u 10000 -g harbor -M -d /nonexistent -s /usr/sbin/nologin harbor
WORKDIR /harbor
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules/ node_modules/
COPY --from=build /src/packages/ packages/
COPY --from=build /src/apps/${APP}/ apps/${APP}/
USER harbor
EXPOSE 8080 5000
# compose passes `--config /etc/harbor/<app>/config.yml` as the command; Node flags an app asks for
# are in apps/<app>/node-flags (lines starting with # are comments).
ENTRYPOINT ["sh", "-c", "exec node $(grep -hv '^#' /harbor/apps/$APP/node-flags 2>/dev/null) /harbor/apps/$APP/dist/main.js \"$@\"", "--"]
