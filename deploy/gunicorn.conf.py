"""Gunicorn settings for the web container (docker-compose.yml, Dockerfile).

Sync workers, as many as gunicorn's rule of thumb (2 per CPU + 1, at most 12; WEB_CONCURRENCY
overrides), each recycled now and then. Gunicorn listens only on the compose network: Caddy in
front terminates TLS and is the only client, so its X-Forwarded-* headers are trusted.

The access log never holds a query string (a referral search puts a patient's name in ``?q=``),
a referrer (the page before may have had one), or a token from a path (invitation,
unsubscribe, password reset and email confirmation links): those segments are replaced.
"""

import os
import re

from gunicorn.glogging import Logger

bind = "0.0.0.0:8000"
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * (os.process_cpu_count() or 1) + 1, 12))
worker_class = "sync"
# A request that takes longer than this is stopped (the slowest page, a data export, takes
# a few seconds); on a restart, requests in flight get graceful_timeout to finish.
timeout = 30
graceful_timeout = 25
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = "*"

accesslog = "-"
errorlog = "-"
loglevel = "info"
# Client address (from the proxy), method and path only, status, bytes, time, user agent.
access_log_format = '%({x-forwarded-for}i)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'

# A path segment of 20 or more token characters (letters, digits, "-", "_", ":"; no dot, so
# not a static file name) is a secret, not a page name.
TOKEN = re.compile(r"(?<=/)[A-Za-z0-9_\-:]{20,}(?=/|$)")


class RedactingLogger(Logger):
    """Access log atoms without query strings, referrers or tokens, whatever the format."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = TOKEN.sub("[token]", atoms["U"])
        atoms.update(U=path, q="", f="-", r=f"{atoms['m']} {path} {atoms['H']}")
        return atoms


logger_class = RedactingLogger
