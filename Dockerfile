FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DEBRIEF_ENV=production \
    DEBRIEF_VAR_DIR=/app/var

WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock

COPY . .
# collectstatic needs settings to load; this key exists only for the build step.
RUN SECRET_KEY=collectstatic-only-not-a-secret-0123456789abcdefghijklmnop \
    python manage.py collectstatic --noinput \
 && useradd --create-home --uid 1000 debrief \
 && mkdir -p var && chown debrief var
USER debrief

EXPOSE 8000
CMD ["uvicorn", "debrief.asgi:application", "--host", "0.0.0.0", "--port", "8000", \
     "--workers", "2", "--no-proxy-headers", \
     "--timeout-graceful-shutdown", "20"]
