"""The load test of `make bench` (``manage.py loadtest``): many people at once.

For a few minutes, locust drives approvers working their queues and completing listing
steps, supervisors on the SLA dashboard, auditors searching and a court pushing
referrals, against gunicorn with the production settings, PostgreSQL, Redis,
Elasticsearch and a Celery worker, all on loopback. Afterwards every write that was
answered as saved is looked up in the database, the outboxes are drained, and the audit
chains and the search index are verified. It prints requests per second and p50/p95 per
request, and is a benchmark with printed figures, not a timed test.

- ``stack``: the web server and the worker, started with the production settings;
- ``locustfile``: the people;
- ``run``: the run from the empty database to the checks.
"""
