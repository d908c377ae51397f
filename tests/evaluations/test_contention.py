"""Twenty people save one rating at the same moment: each gets 409 or success, never 500.

Issue #11, finding 5. On SQLite this needs a database file (an in-memory test database does not
lock like one): the test copies the test database to a file with the settings' options
(immediate transactions, busy timeout, WAL) and points the request threads at it. On PostgreSQL
the threads use the test database itself. The test is transactional so that the threads see
the data.
"""

import sqlite3
import threading
from contextlib import contextmanager

import pytest
from django.db import connection, connections
from django.test import Client

from evaluations.models import Rating
from tests.evaluations.helpers import first_key, form_data, url

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 20


@contextmanager
def request_database(tmp_path):
    """The database the request threads use: a file copy of SQLite's, or PostgreSQL's own."""
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "contention.sqlite3"
    target = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(target)
    # A database file of the app is in WAL mode from its first migrate; switching the copy
    # here, before the threads, keeps them from racing to switch it (SQLITE_BUSY on connect).
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    original = connections.settings["default"]
    connections.settings["default"] = {**original, "NAME": str(path)}
    try:
        yield
    finally:
        connections.settings["default"] = original


def test_concurrent_saves_of_one_rating_give_409_or_success(tmp_path, people, assignment):
    key = first_key(assignment)
    changes = {key.replace("-", "_"): {"score": 3, "verbal_evaluation_fi": "Ensimmäinen."}}
    clients = []
    for _n in range(THREADS):
        client = Client(raise_request_exception=False)
        client.force_login(people["official"])
        clients.append(client)
    # Everyone starts from the same form (version 0) and saves a different text.
    data = [
        {
            **form_data(assignment, **changes),
            f"{key}-verbal_evaluation_fi": f"Arvio numero {n}.",
        }
        for n in range(THREADS)
    ]
    address = url(assignment, "fi")
    statuses = [None] * THREADS
    barrier = threading.Barrier(THREADS)

    def save(n):
        try:
            barrier.wait()
            statuses[n] = clients[n].post(address, data[n]).status_code
        except Exception as error:
            statuses[n] = repr(error)
        finally:
            connections.close_all()

    with request_database(tmp_path):
        threads = [threading.Thread(target=save, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if connection.vendor == "sqlite":
            # Read back from the file the threads wrote to.
            reader = connections.create_connection("default")
            with reader.cursor() as cursor:
                cursor.execute(
                    "SELECT verbal_evaluation_fi, version FROM evaluations_rating "
                    "WHERE round_id = %s",
                    [assignment.round_id],
                )
                rows = cursor.fetchall()
            reader.close()
        else:
            rows = list(
                Rating.objects.filter(round=assignment.round).values_list(
                    "verbal_evaluation_fi", "version"
                )
            )

    assert set(statuses) <= {302, 409}, statuses
    winners = [n for n, status in enumerate(statuses) if status == 302]
    # Everyone began from version 0: exactly one save wins, the others see a conflict.
    assert len(winners) == 1, statuses
    assert rows == [(f"Arvio numero {winners[0]}.", 1)]
