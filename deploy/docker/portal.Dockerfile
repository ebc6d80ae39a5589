# syntax=docker/dockerfile:1
# The portal: static files served by nginx on 8080 (the proxy container forwards / here).
#   docker build -f deploy/docker/portal.Dockerfile -t harbor-ts/portal:<version> .
ARG NODE_VERSION=20.20

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY packages/ packages/
COPY apps/ apps/
RUN npm ci
RUN npx turbo run build --filter=@harbor-ts/portal

FROM nginx:1.27-alpine
COPY deploy/docker/portal-nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /src/apps/portal/dist/ /usr/share/nginx/html/
EXPOSE 8080
