from celery import shared_task
from django.db import connection


@shared_task(name="pusterom.health", ignore_result=False)
def health() -> dict:
    """Round trip through the broker and a worker; answers what the worker can reach."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"worker": "ok", "database": "ok"}
