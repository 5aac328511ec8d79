"""Benchmarks, run as ``python -m demo.bench`` (``make bench``, ``make bench-reminders-e2e``).
Not part of the tests, and nothing in the site imports this package.

- ``pages`` (demo.bench.pages): each page and form post measured with wrk against gunicorn
  with production settings, as a ratio to a bare view behind the same middleware; prints a
  table and writes ``bench-results.json``.
- ``inprocess`` (demo.bench.inprocess): the same pages through Django's test client in one
  process, the smallest CPU time per request over several batches: steadier than the ratios
  across runs for comparing two versions of the code (run them in turn, A B A B). With
  ``--instructions``, instructions a request counted under valgrind (``demo.bench.count``
  is the counted process): repeatable to about half a percent on all but the smallest pages.
- ``reminders`` (demo.bench.reminders_e2e): due reminders from the dispatcher through Redis
  and a Celery worker to a counting email backend; prints delivered per second.

All three create and drop a PostgreSQL database of their own and stop what they start.
"""
