from django.urls import path

from corridor.interop import views

app_name = "interop"
urlpatterns = [
    path("exports/", views.exports, name="exports"),
    path("exports/queue/", views.queue, name="queue"),
    path("exports/<uuid:export_request_id>/decision/", views.decision, name="decision"),
    path("exports/<uuid:export_request_id>/document/", views.document, name="document"),
]
