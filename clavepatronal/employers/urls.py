from django.urls import path

from . import views

app_name = "employers"
urlpatterns = [
    path("", views.start, name="start"),
    path("nuevo/sector/", views.step, {"step": "sector"}, name="new"),
    path("nuevo/revisar/", views.review, name="review"),
    path("nuevo/correo/", views.email, name="email"),
    path("nuevo/<slug:step>/", views.step, name="step"),
    path("ya-registrado/", views.existing, name="existing"),
    path("ya-registrado/codigo/", views.existing_code, name="existing_code"),
    path("<str:number>/", views.done, name="done"),
    path("<str:number>/<slug:kind>.pdf", views.document, name="document"),
]
