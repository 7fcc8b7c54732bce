from django.urls import path

from corridor.registry import views

app_name = "registry"
urlpatterns = [
    path("persons/", views.person_list, name="persons"),
    path("persons/<uuid:person_id>/", views.person_detail, name="person"),
    path("persons/<uuid:person_id>/erase/", views.person_erase, name="person-erase"),
    path(
        "persons/<uuid:person_id>/reveal/<slug:field>/", views.person_reveal, name="person-reveal"
    ),
    path("lists/<uuid:list_id>/", views.list_detail, name="list"),
    path("households/<uuid:household_id>/", views.household_detail, name="household"),
]
