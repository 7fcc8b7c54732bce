"""The background worker: queued imports run in `corridor worker`; a killed worker leaves nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from corridor.imports import services
from corridor.imports.models import ImportJob, ImportState
from corridor.registry.models import Person, SourceList, SourceRecord

pytestmark = pytest.mark.django_db(transaction=True)

LIST = "Фамилия;Имя;Дата рождения\n" + "".join(
    f"Петренко{i};Іван;{1950 + i % 40}\n" for i in range(200)
)


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def start_worker(pause: float = 0) -> subprocess.Popen:
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "corridor.settings_test",
        "DATABASE_URL": database_url(),
        "CORRIDOR_IMPORT_TEST_PAUSE": str(pause),
        "CORRIDOR_TEST_WORKER": "1",
    }
    code = (
        "from corridor.cli import main;main(['worker', '--no-startup-delay', '--interval', '0.2'])"
    )
    return subprocess.Popen(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


@pytest.fixture
def database_tasks(settings):
    # django-tasks drops its cached backends when the setting changes (and back).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued(world) -> ImportJob:
    user = world.users["a:field_registrar"]
    job = services.upload(user, "big.csv", LIST.encode())
    job = services.configure(user, job.pk, list_name="Петренки")
    services.commit(user, job.pk)
    job.refresh_from_db()
    assert job.state == ImportState.QUEUED
    return job


def wait_for(predicate, seconds: float = 60, worker: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        if worker is not None and worker.poll() is not None:
            raise AssertionError("the worker exited")
        time.sleep(0.2)
    raise AssertionError("timed out")


def stop(worker: subprocess.Popen) -> str:
    """Stop the worker; its error output, for the failure message."""
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
    _, err = worker.communicate(timeout=10)
    return (err or b"").decode(errors="replace")[-3000:]


def test_the_worker_runs_a_queued_import(world, database_tasks):
    job = queued(world)
    worker = start_worker()
    try:
        wait_for(lambda: ImportJob.objects.get(pk=job.pk).state == ImportState.DONE, worker=worker)
    except AssertionError as exc:
        raise AssertionError(stop(worker)) from exc
    finally:
        stop(worker)
    job.refresh_from_db()
    assert job.progress == 100
    assert SourceRecord.objects.filter(source_list_id=job.source_list_id).count() == 200


def test_a_worker_killed_mid_import_leaves_no_partial_list(world, database_tasks):
    before = (SourceList.objects.count(), SourceRecord.objects.count(), Person.objects.count())
    job = queued(world)
    worker = start_worker(pause=120)
    try:
        wait_for(lambda: ImportJob.objects.get(pk=job.pk).phase == "writing", worker=worker)
        time.sleep(1.5)  # inside the writing transaction, rows written, not committed
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
    finally:
        stop(worker)
    assert (
        SourceList.objects.count(),
        SourceRecord.objects.count(),
        Person.objects.count(),
    ) == before
    # The next worker says why the import stopped, and the import can be committed again.
    worker = start_worker()
    try:
        wait_for(lambda: ImportJob.objects.get(pk=job.pk).state == ImportState.FAILED, 30)
    finally:
        stop(worker)
    job.refresh_from_db()
    assert "worker stopped" in job.error
    assert "nothing was written" in job.error
