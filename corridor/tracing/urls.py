from django.urls import path

from corridor.tracing import public_views, views

app_name = "tracing"
urlpatterns = [
    path("trace/", public_views.request_form, name="request"),
    path("trace/status/", public_views.status_page, name="status"),
    path("trace/message/", public_views.enquirer_message, name="message-public"),
    path("cases/", views.cases, name="cases"),
    path("cases/<uuid:case_id>/", views.case_detail, name="case"),
    path("cases/<uuid:case_id>/accept/", views.accept, name="accept"),
    path("cases/<uuid:case_id>/step/", views.step, name="step"),
    path("cases/<uuid:case_id>/assign/", views.assign, name="assign"),
    path(
        "cases/<uuid:case_id>/candidates/<uuid:tracing_candidate_id>/", views.decide, name="decide"
    ),
    path("cases/<uuid:case_id>/consent/", views.consent, name="consent"),
    path("cases/<uuid:case_id>/notes/", views.note, name="note"),
    path("cases/<uuid:case_id>/messages/", views.message, name="message"),
    path(
        "cases/<uuid:case_id>/messages/<uuid:message_id>/print/", views.print_message, name="print"
    ),
    path(
        "cases/<uuid:case_id>/messages/<uuid:message_id>/status/",
        views.message_status,
        name="message-status",
    ),
    path("cases/<uuid:case_id>/merge/", views.merge, name="merge"),
    path("cases/<uuid:case_id>/erase/", views.erase, name="erase"),
]
