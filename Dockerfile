# freshwatch as a daemon: the README's install steps, a non-root user, SQLite on a volume.
FROM python:3.11-slim

RUN useradd --create-home --uid 10001 freshwatch
WORKDIR /opt/freshwatch
COPY --chown=freshwatch:freshwatch . /opt/freshwatch
USER freshwatch

# Same as the README's first command, without the demo:
RUN python3 -m venv .venv && .venv/bin/pip install -q -e .

ENV FRESHWATCH_CONFIG=/etc/freshwatch/freshwatch.yaml \
    FRESHWATCH_DB=sqlite:////var/lib/freshwatch/freshwatch.db
VOLUME ["/var/lib/freshwatch"]
HEALTHCHECK --interval=5m CMD [".venv/bin/freshwatch", "health"]
CMD [".venv/bin/freshwatch", "--log-format", "json", "daemon"]
