from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("verificar/", views.verify, name="verify"),
    path("verificar/<str:code>/", views.verify, name="verify_code"),
]
