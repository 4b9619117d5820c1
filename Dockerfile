# Production image: gunicorn serves the portal, whitenoise its static files.
FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# Pango for WeasyPrint's PDFs, Noto CJK for their Japanese, poppler-utils for PDF previews.
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk poppler-utils \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY cooperation_portal ./cooperation_portal
COPY accounts ./accounts
COPY cities ./cities
COPY exchanges ./exchanges
COPY practices ./practices
RUN pip install --no-cache-dir .
COPY . .
RUN DEBUG=false SECRET_KEY=build-only sh -c \
    "python scripts/compile_messages.py && python manage.py collectstatic --noinput"
RUN useradd --system portal && mkdir -p /srv/portal/media && chown portal /srv/portal/media
USER portal
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "cooperation_portal.wsgi:application"]
