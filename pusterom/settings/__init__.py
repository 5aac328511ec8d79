"""Pusterom settings: a small package, everything from the environment.

Without any environment the project runs on embedded defaults (a SQLite file and a
SQLite-backed Celery broker) so ``make run`` needs no servers. Production sets
DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and the email variables.
A missing or malformed value stops start-up with one line naming the variable.

``DJANGO_SETTINGS_MODULE=pusterom.settings`` names this package; its modules:

- ``environment``: what is read from the environment (and checked) at start-up;
- ``core``: apps, middleware, templates, users, caches and sessions, language, static files;
- ``security``: HTTPS and cookies, the content security policy, clinicians' timeouts,
  signing in (django-allauth);
- ``pages``: the wiring, the only settings that name the apps' URLs;
- ``operations``: email and SMS, Celery, health backlogs, logging.
"""

from pusterom.settings.core import *  # noqa: F403
from pusterom.settings.environment import *  # noqa: F403
from pusterom.settings.operations import *  # noqa: F403
from pusterom.settings.pages import *  # noqa: F403
from pusterom.settings.security import *  # noqa: F403
