"""config/gunicorn.py: what each worker does before its first request."""

import logging

import pytest

from contest.models import Contest, forget_tables
from tests.factories import open_contest

gunicorn_config = pytest.importorskip("config.gunicorn")


class Worker:
    log = logging.getLogger("tests.gunicorn")


@pytest.mark.django_db
def test_a_new_worker_reads_the_contests_point_tables_so_its_first_request_makes_no_query_more(
    django_assert_num_queries,
):
    contest = Contest.objects.get(pk=open_contest().pk)
    forget_tables()  # a new process

    gunicorn_config.post_worker_init(Worker())

    with django_assert_num_queries(0):
        assert contest.table.indicators  # no query for the point table: the worker read it at start


@pytest.mark.django_db
def test_without_the_tables_read_a_first_request_queries_for_them(django_assert_num_queries):
    contest = Contest.objects.get(pk=open_contest().pk)
    forget_tables()

    with django_assert_num_queries(1):
        assert contest.table.indicators
