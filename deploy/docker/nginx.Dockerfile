# harbor-ts's nginx (the proxy in front of core, and the portal's base): Debian 13's nginx.
# Context: deploy/docker.
ARG BASE_IMAGE=debian:trixie-slim
FROM ${BASE_IMAGE}
# ca-certificates: nginx checks https upstreams of proxy-cache projects against the system's CAs.
RUN apt-get update && apt-get install -y nginx ca-certificates \
    && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/* /var/www/html \
    && ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log
CMD ["nginx", "-g", "daemon off;"]
