from django.urls import path

from corridor.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<uuid:job_id>/", views.job, name="job"),
    path("<uuid:job_id>/commit/", views.commit, name="commit"),
    path("<uuid:job_id>/progress/", views.progress, name="progress"),
]
