"""Benchmark of the evaluation summary PDF, or with ``--round follow-up-2026-1`` of the
follow-up report (run by hand; not a test).

    .venv/bin/python -m evaluations.benchmarks.report_benchmark [-n 3] [--language fi]
        [--configured-db]

By default it builds a throwaway SQLite database in a temporary folder, migrates it and loads the
demo data (the 2024 evaluation); ``--configured-db`` uses the database the settings point to as
it is. It then times, N times each:

* the full report: data from the selectors, the Django templates and WeasyPrint (``report_pdf``);
* WeasyPrint alone rendering the very same final HTML string (``html_to_pdf``);

and prints both, their ratio (target: at most 1.25, i.e. data and template work stay under a
quarter of WeasyPrint's own time), the SQL queries of building the report, and the time of a
cached download.
"""

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import time

TARGET_RATIO = 1.25


def _setup_django(*, configured_db: bool) -> str | None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luvn.settings")
    directory = None
    if not configured_db:
        directory = tempfile.mkdtemp(prefix="report-benchmark-")
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/benchmark.sqlite3"
    import django

    django.setup()
    if directory is not None:
        from django.core.management import call_command

        from luvn.demo_data import load_demo_data

        call_command("migrate", verbosity=0)
        call_command("createcachetable")
        load_demo_data()
    return directory


class QueryCounter:
    """An execute wrapper (``connection.execute_wrapper``) counting every query it sees."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def _describe(times: list[float]) -> str:
    return (
        f"median {statistics.median(times):6.3f} s   min {min(times):6.3f} s   "
        f"max {max(times):6.3f} s   (n={len(times)})"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--repeat", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--language", default="fi", help="fi or sv (default fi)")
    parser.add_argument("--round", default="eval-2024", help="round key (default eval-2024)")
    parser.add_argument(
        "--configured-db", action="store_true", help="use the configured database as it is"
    )
    args = parser.parse_args(argv)

    directory = _setup_django(configured_db=args.configured_db)
    from django.core.cache import cache
    from django.db import connection
    from pypdf import PdfReader

    from evaluations.models import EvaluationRound
    from evaluations.reports import evaluation as report

    round_ = EvaluationRound.objects.get(key=args.round)
    if round_.kind == "follow_up":
        # A follow-up round's report (e.g. --round follow-up-2026-1): the same measurements.
        from evaluations.reports import followup as followup_report

        report_html = followup_report.followup_report_html
        report_pdf = followup_report.followup_report_pdf
        report_pdf_cached = followup_report.followup_report_pdf_cached
    else:
        report_html, report_pdf = report.report_html, report.report_pdf
        report_pdf_cached = report.report_pdf_cached
    print(f"Database: {connection.settings_dict['NAME']}" + (" (throwaway)" if directory else ""))
    print(f"Round {round_.key}, language {args.language}, {args.repeat} runs each\n")

    # Warm up once (imports, fonts, template loading), and count the queries of the data. A
    # counter on the connection, not its query log: the log keeps only the last 9000 queries
    # and CaptureQueriesContext then reports 0 or too few.
    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        html = report_html(round=round_, language=args.language)
    page_count = len(PdfReader(io.BytesIO(report.html_to_pdf(html))).pages)

    data_times = _timed(lambda: report_html(round=round_, language=args.language), args.repeat)
    # Alternate the two measurements so that drift (memory, CPU frequency) hits both alike.
    full_times, weasy_times = [], []
    for _ in range(args.repeat):
        full_times += _timed(lambda: report_pdf(round=round_, language=args.language), 1)
        weasy_times += _timed(lambda: report.html_to_pdf(html), 1)

    cache.clear()
    report_pdf_cached(round=round_, language=args.language)
    hit_times = _timed(lambda: report_pdf_cached(round=round_, language=args.language), args.repeat)

    ratio = statistics.median(full_times) / statistics.median(weasy_times)
    print(f"SQL queries to build the report:  {queries.count}")
    print(f"HTML size:                        {len(html) // 1024} KiB, {page_count} pages")
    print(f"Data + templates (HTML only):     {_describe(data_times)}")
    print(f"Full report (data + HTML + PDF):  {_describe(full_times)}")
    print(f"WeasyPrint alone (same HTML):     {_describe(weasy_times)}")
    print(f"Cached download (cache hit):      {_describe(hit_times)}")
    best_ratio = min(full_times) / min(weasy_times)
    verdict = "OK" if ratio <= TARGET_RATIO else "OVER TARGET"
    print(
        f"\nRatio full / WeasyPrint alone:    {ratio:.3f} of the medians, {best_ratio:.3f} of the"
    )
    print(f"                                  best runs  (target ≤ {TARGET_RATIO}: {verdict})")
    if directory is not None:
        shutil.rmtree(directory, ignore_errors=True)
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
