# The one build of the workspace every harbor-ts Node image copies from (harbor-ts-build:<version>):
# npm ci, turbo build, the dependencies' sources minified (deploy/minify-dependencies.mjs),
# npm prune --omit=dev, then the run-time trees under /out:
# /out/runtime (node_modules and the packages), /out/apps/<app>, /out/portal (a root overlay).
# The context is the repository root (see .dockerignore). Built by deploy/docker/build-images.sh;
# apt-get and npm need the network, so build with host networking on engines without a bridge.
ARG BASE_IMAGE=debian:trixie-slim

# What `npm ci` reads: the manifests, the lockfile and the page-cache addon's sources. Copied apart
# from the rest so the install layer below is reused until one of them changes (a source change
# then costs a build, not a reinstall of ~600 packages). A workspace added later is picked up by
# the globs; a file npm ci needs that is missing here makes npm ci fail, never the image wrong.
FROM ${BASE_IMAGE} AS install-inputs
COPY . /src
RUN cd /src && mkdir /inputs && cp --parents package.json package-lock.json apps/*/package.json \
    packages/*/package.json packages/storage/binding.gyp packages/storage/native/* /inputs/

FROM ${BASE_IMAGE}
# Debian 13's Node.js 20.19; g++/make/python3/libnode-dev compile the registry's page-cache addon.
RUN apt-get update && apt-get install -y nodejs npm g++ make python3 libnode-dev \
    && rm -rf /var/lib/apt/lists/*
COPY --from=install-inputs /inputs/ /src/
# Certificates the build host trusts beyond Debian's (a TLS-inspecting proxy in front of the npm
# registry); build-images.sh passes the host's /usr/local/share/ca-certificates here. Build only.
ARG EXTRA_CA_CERTS=""
RUN cd /src && printf '%s\n' "$EXTRA_CA_CERTS" >/tmp/extra-ca.pem \
    && NODE_EXTRA_CA_CERTS=/tmp/extra-ca.pem npm ci --no-audit --no-fund --loglevel=error \
    && rm -rf /tmp/extra-ca.pem /root/.npm
# The sources; .dockerignore keeps node_modules and build outputs out, so the install above stays.
COPY . /src
RUN cd /src \
    && npx turbo run build --output-logs=errors-only --no-daemon \
    && node deploy/minify-dependencies.mjs /src \
    && npm prune --omit=dev --no-audit --no-fund --loglevel=error \
    && rm -rf /root/.npm node_modules/.cache apps/*/src packages/*/src \
    && mkdir -p /out/runtime /out/apps /out/portal/usr/share/nginx /out/portal/etc/nginx/conf.d \
    && mv package.json node_modules packages /out/runtime/ \
    && for app in core registry registryctl jobservice trivy-adapter; do mv apps/$app /out/apps/; done \
    && mv apps/portal/dist /out/portal/usr/share/nginx/html \
    && cp deploy/docker/portal-nginx.conf /out/portal/etc/nginx/conf.d/portal.conf \
    && cp deploy/docker/run-app.sh /out/runtime/run-app \
    && rm -rf /src
