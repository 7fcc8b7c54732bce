from django.urls import path

from corridor.exchange import round_views, views

app_name = "exchange"

ENTRY_ACTIONS = (
    "remove", "death", "verify", "interview", "withdraw", "postpone", "resume", "erase",
)  # fmt: skip
ROUND_ACTIONS = ("compose", "propose", "accept", "execute", "cancel")
MEMBER_ACTIONS = ("handover", "receipt", "remove")

urlpatterns = [
    path("", views.home, name="home"),
    path("report/", views.report, name="report"),
    path("upload/", views.upload, name="upload-new"),
    path("capture/", views.capture, name="capture"),
    path("uploads/<uuid:list_upload_id>/", views.upload_detail, name="upload"),
    path("lists/<uuid:exchange_list_id>/", views.list_detail, name="list"),
    path("lists/<uuid:exchange_list_id>/submit/", views.list_submit, name="list-submit"),
    path("lists/<uuid:exchange_list_id>/entries/", views.list_add, name="list-add"),
    path("entries/<uuid:exchange_entry_id>/", views.entry_detail, name="entry"),
    *(
        path(
            f"entries/<uuid:exchange_entry_id>/{action}/",
            views.entry_action,
            {"action": action},
            name=f"entry-{action}",
        )
        for action in ENTRY_ACTIONS
    ),
    path(
        "entries/<uuid:exchange_entry_id>/interview/open/",
        views.entry_interview,
        name="entry-interview-open",
    ),
    path("reconciliations/", round_views.run_reconciliation, name="reconcile"),
    path(
        "reconciliations/<uuid:reconciliation_id>/",
        round_views.reconciliation_report,
        name="reconciliation",
    ),
    path(
        "reconciliations/<uuid:reconciliation_id>/state/",
        round_views.reconciliation_state,
        name="reconciliation_state",
    ),
    path("findings/<uuid:finding_id>/resolve/", round_views.resolve, name="resolve"),
    path("rounds/", round_views.round_create, name="round-new"),
    path("rounds/<uuid:round_id>/", round_views.round_detail, name="round"),
    path("rounds/<uuid:round_id>/export/", round_views.round_export, name="round-export"),
    *(
        path(
            f"rounds/<uuid:round_id>/{action}/",
            round_views.round_action,
            {"action": action},
            name=f"round-{action}",
        )
        for action in ROUND_ACTIONS
    ),
    *(
        path(
            f"members/<uuid:round_member_id>/{action}/",
            round_views.member_action,
            {"action": action},
            name=f"member-{action}",
        )
        for action in MEMBER_ACTIONS
    ),
]
