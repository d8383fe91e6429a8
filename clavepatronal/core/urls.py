from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("accesibilidad/", views.accessibility, name="accessibility"),
    path("salud/", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
]
