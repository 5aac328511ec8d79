"""One counted run of ``make bench-inprocess --instructions``: request one page a number of
times after a warm-up, in this process, and stop. Started by ``demo.bench.inprocess`` under
valgrind, with the environment (database, Redis, secret key) of the benchmark that seeded the
centre; ``python -m demo.bench.count SPEC.json REQUESTS``."""

from __future__ import annotations

import gc
import json
import logging
import sys
from types import SimpleNamespace

WARM_UP = 3


def main(spec_path: str, requests: int) -> int:
    import django

    django.setup()
    logging.disable(logging.INFO)
    from django.conf import settings
    from django.test import Client

    from demo.bench.inprocess import _request

    with open(spec_path, encoding="utf-8") as spec_file:
        spec = json.load(spec_file)
    client = Client()
    if spec["session_key"]:
        client.cookies[settings.SESSION_COOKIE_NAME] = spec["session_key"]
    page = SimpleNamespace(mode=spec["mode"])
    expected = 200 if spec["mode"] == "get" else 302
    for number in range(WARM_UP + requests):
        if number == WARM_UP:
            # When the cyclic garbage collector runs depends on how much was allocated since
            # it last ran: in one of the two counted runs and not in the other, it moved the
            # small pages' counts by a fifth. Off for the counted requests, nothing else is.
            gc.collect()
            gc.disable()
        response = _request(client, page, spec["path"], spec["body"])
        if response.status_code != expected:
            print(
                f"{spec['name']}: {spec['path']} answered {response.status_code}", file=sys.stderr
            )
            return 1
    gc.enable()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
