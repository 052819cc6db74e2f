"""gunicorn settings for `make serve`; every value can be overridden from the environment.

Threaded workers: a search mostly waits on Alibaba Cloud, so a few threads per
process serve more agents than extra processes would, for less memory.
"""

import os

bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT') or 8000}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2)
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS") or 4)
# A 30-day range search fans out to many upstream calls; give it time before a kill.
timeout = int(os.environ.get("WEB_TIMEOUT") or 60)
graceful_timeout = 20
accesslog = "-"
# No query strings in the access log: they hold customers' phone numbers.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
# The receipt push URL holds a secret token (/receipts/<token>/); the access log redacts it.
logger_class = "core.gunicorn_logger.TokenRedactingLogger"
