from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # allauth's rate limits use the database cache; create its table with the schema.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("pusterom", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
