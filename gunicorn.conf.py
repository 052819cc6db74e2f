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


# --- Prometheus (/metrics): every worker writes its metrics to files in one directory ---
# (prometheus-client's multiprocess mode), so a scrape answered by any worker adds up the
# instance's. PROMETHEUS_MULTIPROC_DIR names it; unset, a fresh temporary directory per
# instance (two instances on one machine must not share one), removed when gunicorn stops.
# Set before any worker starts: they inherit the environment and read it on import.
_created_metrics_dir = []


def on_starting(server):
    """Empty the metrics directory before the workers start: files of a previous run would
    count again (its counters added to ours, its dead workers as if alive)."""
    import tempfile
    from pathlib import Path

    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        directory = tempfile.mkdtemp(prefix="smsadmin-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
        _created_metrics_dir.append(directory)
    Path(directory).mkdir(parents=True, exist_ok=True)
    for leftover in Path(directory).glob("*.db"):
        leftover.unlink()


def child_exit(server, worker):
    """A worker that exits leaves its counters (they still count) but not its live gauges."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    import shutil

    for directory in _created_metrics_dir:
        shutil.rmtree(directory, ignore_errors=True)
