# harbor-ts's database: Debian 13's PostgreSQL. Data in /var/lib/postgresql/data (data_volume/database).
# Context: deploy/docker.
ARG BASE_IMAGE=debian:trixie-slim
FROM ${BASE_IMAGE}
RUN apt-get update && apt-get install -y postgresql \
    && rm -rf /var/lib/apt/lists/* \
    && ln -s /usr/lib/postgresql/*/bin /usr/lib/postgresql/bin
COPY db-entrypoint.sh /usr/local/bin/db-entrypoint.sh
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/db-entrypoint.sh"]
