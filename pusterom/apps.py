from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PusteromConfig(AppConfig):
    name = "pusterom"
    verbose_name = _("Pusterom")
