"""The Celery app. Configured from Django settings (CELERY_*); the beat schedule is in code."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pusterom.settings")

app = Celery("pusterom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
