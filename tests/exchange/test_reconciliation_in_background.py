"""A reconciliation asked for on a page or through the API runs in the worker, not in the
request: the page waits for it and then shows the report; a failure keeps nothing."""

from __future__ import annotations

import pytest

from corridor.exchange import reconciliation
from corridor.exchange.models import Finding, Reconciliation, RunState
from tests.exchange.helpers import literal_lists
from tests.exchange.test_api import Api
from tests.factories import signed_in_client

pytestmark = pytest.mark.django_db


def test_the_api_queues_a_run_and_the_worker_writes_its_report(
    world, django_capture_on_commit_callbacks
):
    literal_lists(world)
    desk = Api(world.users["int:caseworker"])
    queued = desk.post("reconciliations")
    assert queued.status_code == 202, queued.content
    run_id = queued.json()["id"]
    assert queued.json()["state"] == "queued"
    assert queued.json()["findings"] == []
    # Another request while one waits is refused, not run twice.
    assert desk.post("reconciliations").status_code == 409
    reconciliation.execute(run_id)  # what `corridor worker` does with the queued task
    done = desk.get(f"reconciliations/{run_id}").json()
    assert done["state"] == "done"
    assert done["finished_at"]
    assert done["counts"]["matched"] == 6
    assert len([f for f in done["findings"] if f["kind"] == "matched"]) == 6


def test_the_queued_task_runs_through_the_task_backend(world, django_capture_on_commit_callbacks):
    literal_lists(world)
    desk = Api(world.users["int:caseworker"])
    with django_capture_on_commit_callbacks(execute=True):
        run_id = desk.post("reconciliations").json()["id"]
    assert Reconciliation.objects.get(pk=run_id).state == RunState.DONE


def test_the_page_waits_for_the_worker_then_shows_the_report(world):
    literal_lists(world)
    page = signed_in_client(world.users["int:caseworker"])
    response = page.post("/exchange/reconciliations/")
    assert response.status_code == 302
    report_url = response["Location"]
    waiting = page.get(report_url)
    assert "Waiting for the worker" in waiting.content.decode()
    assert 'hx-trigger="every 2s"' in waiting.content.decode()
    run = Reconciliation.objects.get()
    polled = page.get(f"{report_url}state/")
    assert "HX-Refresh" not in polled
    reconciliation.execute(run.pk)
    polled = page.get(f"{report_url}state/")
    assert polled["HX-Refresh"] == "true"
    report = page.get(report_url).content.decode()
    assert 'id="report-counts"' in report
    assert "Waiting for the worker" not in report


def test_a_failed_run_keeps_nothing_and_says_so_without_personal_data(world, monkeypatch):
    literal_lists(world)
    page = signed_in_client(world.users["int:caseworker"])
    report_url = page.post("/exchange/reconciliations/")["Location"]
    run = Reconciliation.objects.get()

    def failing(run_, user):
        Finding.objects.create(organisation=run_.organisation, reconciliation=run_, kind="matched")
        raise ValueError("Key (family_name)=(Мельник) violates something")

    monkeypatch.setattr(reconciliation, "_reconcile", failing)
    with pytest.raises(ValueError, match="violates"):
        reconciliation.execute(run.pk)
    run.refresh_from_db()
    assert (run.state, run.error) == (RunState.FAILED, "ValueError")
    assert not Finding.objects.filter(reconciliation=run).exists()
    shown = page.get(report_url).content.decode()
    assert "The reconciliation failed" in shown
    assert "Мельник" not in shown
    # A failed run does not block the next one.
    assert page.post("/exchange/reconciliations/").status_code == 302


def test_a_run_left_by_a_stopped_worker_is_marked_failed(world):
    literal_lists(world)
    run = reconciliation.request_run(world.users["int:caseworker"], enqueue=lambda _: None)
    Reconciliation.objects.filter(pk=run.pk).update(state=RunState.RUNNING)
    assert reconciliation.abandon_stale() == 1
    run.refresh_from_db()
    assert run.state == RunState.FAILED
    assert reconciliation.request_run(world.users["int:caseworker"], enqueue=lambda _: None)


def test_parties_cannot_ask_for_a_reconciliation(world):
    literal_lists(world)
    for key in ("a:bureau_officer", "b:liaison_officer"):
        assert Api(world.users[key]).post("reconciliations").status_code in (403, 404)
    assert not Reconciliation.objects.exists()
