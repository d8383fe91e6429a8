from django.urls import path

from . import views

app_name = "employers"
urlpatterns = [
    path("", views.start, name="start"),
    path("nuevo/sector/", views.new, name="new"),
    path("nuevo/<slug:key>/revisar/", views.review, name="review"),
    path("nuevo/<slug:key>/correo/", views.email, name="email"),
    path("nuevo/<slug:key>/guardar/", views.save_later, name="save_later"),
    path("nuevo/<slug:key>/<slug:step>/", views.step, name="step"),
    path("nuevo/<slug:step>/", views.legacy_step, name="legacy_step"),
    path("continuar/<str:token>/", views.resume, name="resume"),
    path("ya-registrado/", views.existing, name="existing"),
    path("ya-registrado/codigo/", views.existing_code, name="existing_code"),
    path("<str:number>/", views.done, name="done"),
    path("<str:number>/<slug:kind>.pdf", views.document, name="document"),
]
