# harbor-ts's Node images and the portal, all copied from one build of the workspace
# (build.Dockerfile, tagged harbor-ts-build:<version>, passed as BUILD_IMAGE):
#   --target app --build-arg APP=<core|registry|registryctl|jobservice|trivy-adapter>  → harbor-ts/<APP>
#   --target portal                                                                   → harbor-ts/portal
# Context: deploy/docker (nothing is copied from it). deploy/docker/build-images.sh builds them all.
# Few instructions on purpose: with the vfs storage driver every layer is a full copy.
ARG BASE_IMAGE=debian:trixie-slim
ARG BUILD_IMAGE=harbor-ts-build:latest
ARG NGINX_IMAGE=harbor-ts/nginx:latest
FROM ${BUILD_IMAGE} AS build

# Node.js and the shared run-time tree; the app images add only apps/<APP>. Harbor's uid/gid 10000
# (compose sets `user:` from harbor.yml `permission`).
FROM ${BASE_IMAGE} AS node-runtime
RUN apt-get update && apt-get install -y nodejs \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd -g 10000 harbor && useradd -u 10000 -g harbor -M -d /nonexistent -s /usr/sbin/nologin harbor
COPY --from=build /out/runtime/ /harbor/
ENTRYPOINT ["/harbor/run-app"]

FROM node-runtime AS app
ARG APP
COPY --from=build /out/apps/${APP}/ /harbor/apps/${APP}/

# The portal: static files on 8080, served by harbor-ts's nginx image.
FROM ${NGINX_IMAGE} AS portal
COPY --from=build /out/portal/ /
