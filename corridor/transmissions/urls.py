from django.urls import path

from corridor.transmissions import views

app_name = "transmissions"
urlpatterns = [
    path("", views.transmission_list, name="list"),
    path("<uuid:transmission_id>/", views.transmission_detail, name="detail"),
]
