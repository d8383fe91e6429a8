from django.urls import path

from . import views

app_name = "procedures"
urlpatterns = [
    path("", views.start, name="start"),
    path("tramite/", views.applicant, name="applicant"),
    path("tramite/borrador/<str:key>/", views.applicant_draft, name="applicant_draft"),
    path(
        "tramite/borrador/<str:key>/requisitos/",
        views.attachments,
        name="attachments",
    ),
    path("tramite/<str:number>/", views.confirmation, name="confirmation"),
    path("continuar/<str:token>/", views.continue_link, name="continue"),
    path("confirmar/<str:token>/", views.employer_confirm, name="employer_confirm"),
    path("estado/", views.status, name="status"),
    path("estado/<str:token>/", views.status_link, name="status_link"),
    path("archivo/<str:token>/", views.attachment_file, name="attachment_file"),
    path("corregir/<str:token>/", views.correct, name="correct"),
]
