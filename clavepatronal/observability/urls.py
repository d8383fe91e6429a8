from django.urls import path

from . import views

app_name = "observability"

urlpatterns = [
    path("", views.metrics, name="metrics"),
]
