"""The report benchmark counts queries with an execute wrapper, which never overflows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations.benchmarks.report_benchmark import QueryCounter
from evaluations.models import EvaluationRound
from evaluations.reports import evaluation as report

pytestmark = pytest.mark.django_db


def test_the_counter_agrees_with_the_query_log_for_the_report():
    round_ = EvaluationRound.objects.get(key="eval-2024")
    counter = QueryCounter()
    with CaptureQueriesContext(connection) as log, connection.execute_wrapper(counter):
        report.report_html(round=round_, language="fi")
    assert counter.count == len(log.captured_queries) > 0


@pytest.mark.filterwarnings("ignore:Limit for query logging")
def test_the_counter_keeps_counting_where_the_query_log_overflows():
    total = connection.queries_log.maxlen + 500
    counter = QueryCounter()
    with (
        CaptureQueriesContext(connection) as log,
        connection.execute_wrapper(counter),
        connection.cursor() as cursor,
    ):
        for _n in range(total):
            cursor.execute("SELECT 1")
    assert counter.count == total
    assert len(log.captured_queries) < total  # what the benchmark used to print
