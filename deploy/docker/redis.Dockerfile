# harbor-ts's Redis: Debian 13's redis-server. Data in /data (data_volume/redis), saved on stop.
# Context: deploy/docker.
ARG BASE_IMAGE=debian:trixie-slim
FROM ${BASE_IMAGE}
RUN apt-get update && apt-get install -y redis-server \
    && rm -rf /var/lib/apt/lists/* && mkdir -p /data
EXPOSE 6379
# The data folder is a bind mount: give it to the redis user, then drop root.
ENTRYPOINT ["sh", "-c", "chown redis:redis /data && exec setpriv --reuid redis --regid redis --init-groups \"$@\"", "--"]
CMD ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no", "--dir", "/data", "--save", "60 1", "--appendonly", "no"]
