# syntax=docker/dockerfile:1
# One image for the web, worker and beat services (see docker-compose.yml).
#   docker build -t chin .
#   docker run --env-file .env -p 127.0.0.1:8000:8000 chin

# --- Build: resolve the locked production dependencies into /opt/venv --------------------
FROM python:3.11-slim-bookworm AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy

# uv from PyPI, pinned (the same version the Makefile uses), kept out of the final image.
RUN python -m venv /opt/uv && /opt/uv/bin/pip install "uv==0.13.9"

WORKDIR /app
COPY pyproject.toml uv.lock ./
# --locked fails the build if uv.lock is out of date with pyproject.toml.
RUN /opt/uv/bin/uv sync --locked --no-dev --no-install-project


# --- Runtime ------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

# WeasyPrint needs Pango and HarfBuzz; Liberation fonts stand in for Arial in PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

# A fixed, unprivileged user: the app never runs as root.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=portal.settings \
    XDG_CACHE_HOME=/tmp/.cache

COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# Code stays owned by root, so the app user cannot change it; only media/ is writable.
COPY . .

# Static files are built into the image (WhiteNoise serves them). The SECRET_KEY here is
# a throwaway that exists only for this command; it is not kept in the image.
RUN DEBUG=false SECRET_KEY=build-only-collectstatic-not-a-secret-0123456789abcdefghij \
        python manage.py collectstatic --no-input \
    && mkdir -p /app/media \
    && chown app:app /app/media

USER app
EXPOSE 8000

# Migrations run separately (the `migrate` service in docker-compose.yml).
CMD ["gunicorn", "portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--no-control-socket"]
