"""The portal's WSGI application with two response headers for bin/benchmark: the queries a request made and the CPU
time its worker spent on it (`gunicorn … contest.management.measured_wsgi:application`).

A gunicorn sync worker serves one request at a time, so the process's CPU time from the call until the response's
headers is that request's own, whatever else the machine is doing — the figure that stays put on a shared machine,
where wall time does not. The portal itself (config.wsgi) never sends these headers.
"""

import time

from django.db import connection

from config.wsgi import application as portal

QUERIES_HEADER = "X-Bench-Queries"
CPU_HEADER = "X-Bench-CPU-Microseconds"


def application(environ, start_response):
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    began = time.process_time()

    def measured_start_response(status, headers, exc_info=None):
        cpu = round((time.process_time() - began) * 1_000_000)
        headers = [*headers, (QUERIES_HEADER, str(queries)), (CPU_HEADER, str(cpu))]
        return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

    with connection.execute_wrapper(count):
        return portal(environ, measured_start_response)
