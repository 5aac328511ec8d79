"""The shared exercise library from sessions_log/plans/library.toml.

Later changes to the file ship as a new migration with the same RunPython call."""

from django.db import migrations


def load_library(apps, schema_editor):
    from sessions_log.plans.library import sync_library

    sync_library(apps.get_model("sessions_log", "Exercise"))


class Migration(migrations.Migration):
    dependencies = [
        ("sessions_log", "0004_training_plans"),
    ]

    operations = [
        migrations.RunPython(load_library, migrations.RunPython.noop),
    ]
