from django.urls import path

from corridor.corridors.views import agreements, convoys, logistics, registration

app_name = "corridors"
urlpatterns = [
    path("", agreements.agreement_list, name="list"),
    path("new/", agreements.agreement_new, name="new"),
    path("register/", registration.register, name="register"),
    path("logistics/", logistics.logistics, name="logistics"),
    path("<uuid:agreement_id>/", agreements.agreement_detail, name="agreement"),
    path("<uuid:agreement_id>/step/", agreements.agreement_step, name="step"),
    path("<uuid:agreement_id>/versions/new/", agreements.version_new, name="version-new"),
    path("<uuid:agreement_id>/pdf/", agreements.agreement_pdf, name="pdf"),
    path("<uuid:agreement_id>/incidents/", agreements.incident, name="incident"),
    path("<uuid:agreement_id>/convoys/", agreements.convoy_new, name="convoy-new"),
    path(
        "notifications/<uuid:notification_id>/acknowledge/",
        agreements.acknowledge,
        name="acknowledge",
    ),
    path("convoys/<uuid:convoy_id>/", convoys.convoy_detail, name="convoy"),
    path("convoys/<uuid:convoy_id>/step/", convoys.convoy_step, name="convoy-step"),
    path("convoys/<uuid:convoy_id>/manifest/", convoys.manifest, name="manifest"),
    path("convoys/<uuid:convoy_id>/handover/", convoys.handover_page, name="handover"),
    path("convoys/<uuid:convoy_id>/handover/counts/", convoys.handover_counts, name="counts"),
]
