# syntax=docker/dockerfile:1
#
# liveblog-stream worker image.
#   docker build -t liveblog-stream .
#   docker run --rm -e KAFKA_BOOTSTRAP_SERVERS=broker:9092 liveblog-stream            # = liveblog worker
#   docker run --rm liveblog-stream parse --help                                      # any other subcommand

ARG PYTHON_IMAGE=python:3.11-slim

# ---- builder: install the package and its pinned dependencies into a venv ----
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src
# README.md is the project's `readme`, so the build backend needs it.
COPY pyproject.toml README.md ./
COPY workers ./workers
COPY schemas ./schemas
RUN pip install .

# ---- runtime: just the interpreter, the venv and an unprivileged user ----
FROM ${PYTHON_IMAGE}

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH \
    LIVEBLOG_DATA_DIR=/var/lib/liveblog

RUN useradd --uid 10001 --user-group --no-create-home \
        --home-dir /var/lib/liveblog --shell /usr/sbin/nologin liveblog \
    && install -d -o liveblog -g liveblog -m 0750 /var/lib/liveblog

COPY --from=builder /opt/venv /opt/venv

# Numeric, so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001
WORKDIR /var/lib/liveblog

# Faust's web server, only when LIVEBLOG_WEB_ENABLED=true (port: LIVEBLOG_WEB_PORT).
EXPOSE 6066

ENTRYPOINT ["liveblog"]
CMD ["worker"]
