from django.urls import path

from corridor.matching import views

app_name = "matching"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<uuid:candidate_id>/", views.candidate, name="candidate"),
    path("<uuid:candidate_id>/confirm/", views.confirm, name="confirm"),
    path("<uuid:candidate_id>/reject/", views.reject, name="reject"),
]
