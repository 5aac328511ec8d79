FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml README.md ./
COPY pusterom ./pusterom
COPY patients ./patients
COPY sessions_log ./sessions_log
RUN pip install .

COPY . .
# collectstatic needs settings; these values exist only for this build step.
RUN DEBUG=0 SECRET_KEY=build-only-build-only-build-only-build-only-build-only ALLOWED_HOSTS=build \
    EMAIL_HOST=build python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 pusterom && chown -R pusterom /app
USER pusterom

EXPOSE 8000
# Workers from the CPU count, timeouts, an access log without query strings: deploy/gunicorn.conf.py.
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "pusterom.wsgi:application"]
