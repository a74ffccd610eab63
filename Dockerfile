# Recall, the study-group tutor bot.
# Two stages: the first builds a virtualenv from pyproject.toml (with a compiler at hand), the second
# copies only that virtualenv into a clean slim image that runs as an unprivileged user.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
# The math extra (matplotlib, run only in a short-lived child per new formula picture): cards with math
# show their formulas drawn, as study groups expect, at about 60 MB more image.
RUN pip install --upgrade pip && pip install '.[math]'

FROM python:3.11-slim AS runtime
# tzdata: the system zone database, for members' time zones and the doctor's time-zone check
# (the Python tzdata package from pyproject is the fallback inside the virtualenv).
RUN apt-get update \
    && apt-get install --yes --no-install-recommends tzdata \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 recall \
    && useradd --system --uid 10001 --gid recall --home-dir /app --shell /usr/sbin/nologin recall \
    && mkdir -p /data /app/content \
    && chown recall:recall /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# Default decks; docker-compose.yml mounts ./content over this read-only so admins add decks without rebuilding.
COPY content ./content
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    TZ=UTC \
    RECALL_DATABASE_URL=sqlite:////data/recall.db \
    RECALL_CONTENT_DIR=/app/content
USER recall
VOLUME ["/data"]
HEALTHCHECK --interval=60s --timeout=20s --start-period=30s --retries=3 \
    CMD ["python", "-m", "bot", "doctor", "--quick"]
# Docker stops containers with SIGTERM; the bot finishes in-flight interactions and exits 0.
STOPSIGNAL SIGTERM
CMD ["python", "-m", "bot"]
