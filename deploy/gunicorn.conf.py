"""The production web server: `scripts/serve`, or `.venv/bin/gunicorn -c deploy/gunicorn.conf.py`.

Settings come from the environment, as the Django settings' do:
  JOINEDUP_BIND        where to listen (default 127.0.0.1:8000; put a TLS proxy in front)
  WEB_CONCURRENCY      worker processes (default: two per core, plus one)
  FORWARDED_ALLOW_IPS  proxies trusted to say the request came over HTTPS (default 127.0.0.1)
Web processes keep nothing in memory between requests (sessions are in the database), so any
number of servers can run behind a load balancer over one PostgreSQL.
"""

import multiprocessing
import os

wsgi_app = "joinedup.wsgi:application"
bind = os.environ.get("JOINEDUP_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
timeout = 60  # a learning-review pack or a national return may take a while; a page never does
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then, so no slow leak grows for weeks
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# The server's own log names no person: the access log in the database says who saw whom.
# The path without its query string: searches and checks carry names, birth dates and NHS
# numbers there.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
