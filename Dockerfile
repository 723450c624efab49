# freshwatch as a daemon: the README's install steps, a non-root user, SQLite on a volume.
# The paths are the systemd unit's (deploy/freshwatch.service), so both run the same command.
FROM python:3.11-slim

# The directories exist, owned by the service user, before COPY and VOLUME touch them: a named
# volume copies the ownership of the image's directory, and SQLite must write beside its file.
RUN useradd --system --create-home --home-dir /opt/freshwatch --uid 10001 freshwatch \
 && install -d -o freshwatch -g freshwatch /opt/freshwatch/app \
 && install -d -o freshwatch -g freshwatch -m 750 /var/lib/freshwatch
WORKDIR /opt/freshwatch/app
COPY --chown=freshwatch:freshwatch . /opt/freshwatch/app
USER freshwatch

# Same as the README's first command, without the demo:
RUN python3 -m venv .venv && .venv/bin/pip install -q -e .

ENV FRESHWATCH_CONFIG=/etc/freshwatch/freshwatch.yaml \
    FRESHWATCH_DB=sqlite:////var/lib/freshwatch/freshwatch.db
VOLUME ["/var/lib/freshwatch"]
HEALTHCHECK --interval=5m CMD ["/opt/freshwatch/app/.venv/bin/freshwatch", "health"]
CMD ["/opt/freshwatch/app/.venv/bin/freshwatch", "--log-format", "json", "daemon"]
