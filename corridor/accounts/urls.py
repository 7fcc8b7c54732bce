from django.urls import path

from corridor.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_password, name="login"),
    path("login/code/", views.login_code, name="code"),
    path("login/enrol/", views.enrol, name="enrol"),
    path("logout/", views.sign_out, name="logout"),
]
