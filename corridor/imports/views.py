"""The import wizard: upload, sheet and columns, validation report, commit, live progress."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from corridor.accounts.roles import PFIF_EXPORTING_ROLES
from corridor.errors import DomainError, NotVisible
from corridor.imports import services
from corridor.imports.columns import FIELDS
from corridor.imports.messages import field_label, missing_column_text, problem_text
from corridor.imports.models import ImportJob, ImportState
from corridor.registry.models import ListKind, SourceList


def _job_or_404(user, job_id: UUID) -> ImportJob:
    try:
        return ImportJob.objects.get_visible(user, job_id)
    except NotVisible as exc:
        raise Http404 from exc


def _problems(job: ImportJob) -> list[dict]:
    return [
        {"row": p["row"], "column": p["column"], "text": problem_text(p["code"], p["params"])}
        for p in job.report.get("problems", [])
    ]


def _context(job: ImportJob, error: str = "") -> dict:
    report = job.report or {}
    return {
        "job": job,
        "error": error,
        "fields": [(f, field_label(f)) for f in FIELDS],
        "kinds": ListKind.choices,
        "columns": [(h, (job.mapping or {}).get(h) or "") for h in job.headers],
        "problems": _problems(job),
        "missing": [missing_column_text(f) for f in report.get("missing_columns", [])],
        "preview": report.get("preview", []),
        "preview_fields": [
            f for f in FIELDS if any(f in r["fields"] for r in report.get("preview", []))
        ],
        "field_labels": {f: field_label(f) for f in FIELDS},
        "running": job.state in (ImportState.QUEUED, ImportState.RUNNING),
    }


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        f = request.FILES.get("file")
        if f is None:
            error = str(services.InvalidFile("file: choose a file to upload").message)
        elif f.size and f.size > services.max_upload_bytes():
            error = services.problem_text("too_large", {"limit": services.max_upload_bytes()})
        else:
            try:
                job = services.upload(request.user, f.name or "upload", f.read())
                if len(job.sheets) <= 1:  # one table: straight to the columns and the report
                    job = services.configure(request.user, job.pk)
                return redirect("imports:job", job_id=job.pk)
            except DomainError as exc:
                error = exc.message
    jobs = ImportJob.objects.visible_to(request.user).select_related("source_list")[:20]
    lists = SourceList.objects.visible_to(request.user)[:20]
    status = 422 if error else 200
    return render(
        request,
        "imports/upload.html",
        {
            "error": error,
            "jobs": jobs,
            "lists": lists,
            "may_export": getattr(request.user, "role", "") in PFIF_EXPORTING_ROLES,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def job(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = _job_or_404(request.user, job_id)
    error = ""
    if request.method == "POST":
        mapping = None
        if job.headers and request.POST.get("sheet", job.sheet) == job.sheet:
            mapping = {h: (request.POST.get(f"map-{i}") or None) for i, h in enumerate(job.headers)}
        try:
            job = services.configure(
                request.user,
                job.pk,
                sheet=request.POST.get("sheet") or None,
                mapping=mapping,
                list_name=request.POST.get("list_name", job.list_name),
                list_kind=request.POST.get("list_kind", job.list_kind),
            )
        except DomainError as exc:
            error = exc.message
            job.refresh_from_db()
    return render(request, "imports/job.html", _context(job, error), status=422 if error else 200)


@login_required
@require_POST
def commit(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = _job_or_404(request.user, job_id)
    try:
        services.commit(request.user, job.pk)
    except DomainError as exc:
        job.refresh_from_db()
        return render(
            request, "imports/job.html", _context(job, exc.message), status=exc.http_status
        )
    return redirect("imports:job", job_id=job.pk)


@login_required
def progress(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """The progress bar alone, polled by htmx while the import runs."""
    job = _job_or_404(request.user, job_id)
    response = render(request, "imports/_progress.html", _context(job))
    if job.state not in (ImportState.QUEUED, ImportState.RUNNING):
        response["HX-Refresh"] = "true"  # show the finished page with its summary
    return response
