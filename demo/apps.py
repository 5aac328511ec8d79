from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data, the demo accounts' two-factor codes and benchmarks. Installed only in debug
    mode (see ``DEMO_DATA_ALLOWED`` in settings); the product never imports it."""

    name = "demo"
    verbose_name = "Demo data"
