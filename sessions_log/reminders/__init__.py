"""Reminders: what is due, the dispatcher, sending, the patient's settings and the weekly page.

The database is the source of truth; Celery only carries work to a worker.

- ``due``: local time, the quiet hours (21:00-08:00) and which patients each kind of
  reminder is due for.
- ``dispatch``: the dispatcher that beat runs every minute. It inserts one ``Reminder`` row
  per patient, kind, local date and channel (``ON CONFLICT DO NOTHING``), queues the sends
  of the rows it inserted (a task per 100), and queues again what was never sent (see
  "Delivery" below).
- ``rendering``: the message in the patient's language, the signed unsubscribe link.
- ``sending``: a batch of reminders, each claimed and then sent.
- ``tasks``: the Celery tasks (thin, with stable names).
- ``services``, ``selectors``, ``forms``, ``views``: the settings page, one-click
  unsubscribe, the weekly summary page, and the backlog figure for ``/health/``.

Delivery is at least once, with a small duplicate window:

1. A send first *claims* the row (``claimed_at``, a conditional UPDATE on an unsent row
   whose claim is missing or older than ``sending.CLAIM_TIMEOUT``, 5 minutes; one UPDATE
   for all the emails of a batch, which says which rows it claimed), then sends, then
   records ``sent_at``. Two copies of a send task (a redelivery, two dispatchers that
   queued the same row) cannot both claim it.
2. A claim older than 5 minutes without ``sent_at`` means the worker died mid-send (killed
   on a redeploy, out of memory). The dispatcher queues such a row again and logs it
   (``reminder claim expired``); so does a row that was never claimed (its send was lost
   while the broker was down).
3. Email is handed to the mail outbox (``pusterom.mail``) in the same database transaction
   that records ``sent_at``: either both happen or neither, so email reminders are never
   sent twice by this path (the outbox has its own window, below). SMS goes to the
   provider before ``sent_at`` is written: a worker killed in the milliseconds between the
   provider's answer and that write sends the SMS again once the claim expires. That is
   the duplicate window, and we accept it over losing a reminder.

Messages carry no health data: they say what to do and link to the page behind login.
Logs carry ids, kinds and channels only.
"""
