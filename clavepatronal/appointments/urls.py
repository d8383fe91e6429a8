from django.urls import path

from . import views
from .views import waitlist

app_name = "appointments"
urlpatterns = [
    path("", views.start, name="start"),
    path("identificacion/", views.identification, name="identification"),
    path("contacto/", views.contact, name="contact"),
    path("verificar/", views.verify, name="verify"),
    path("verificar/reenviar/", views.resend, name="resend"),
    path("agencia/", views.agency, name="agency"),
    path("empleador/", views.employer_proof, name="employer_proof"),
    path("poder/", views.power_file, name="power_file"),
    path(
        "empleador/solicitud/<str:token>/",
        views.employer_application,
        name="employer_application",
    ),
    path("empleador/<str:token>/", views.employer_turn, name="employer_turn"),
    path("horario/", views.schedule, name="schedule"),
    path("horario/confirmar/", views.schedule_confirm, name="schedule_confirm"),
    path("horario/solicitud/", views.schedule_apply, name="schedule_apply"),
    path("solicitud/<str:token>/", views.application_detail, name="application_detail"),
    path(
        "solicitud/<str:token>/cancelar/",
        views.application_cancel_view,
        name="application_cancel",
    ),
    path("sorteos/", views.draws_list, name="draws"),
    path("sorteos/<int:agency_id>/<str:day>/", views.draw_public, name="draw_public"),
    path(
        "sorteos/<int:agency_id>/<str:day>.json",
        views.draw_public_json,
        name="draw_public_json",
    ),
    path("estadisticas/", views.statistics_page, name="statistics"),
    path("estadisticas.csv", views.statistics_csv, name="statistics_csv"),
    path("estadisticas.json", views.statistics_json, name="statistics_json"),
    path("resumen/", views.summary, name="summary"),
    path("lista-de-espera/", waitlist.waitlist_join, name="waitlist_join"),
    path(
        "lista-de-espera/inscripcion/<str:token>/",
        waitlist.waitlist_entry,
        name="waitlist_entry",
    ),
    path(
        "lista-de-espera/oferta/<str:token>/",
        waitlist.waitlist_offer,
        name="waitlist_offer",
    ),
    path(
        "lista-de-espera/empleador/<str:token>/",
        waitlist.waitlist_employer,
        name="waitlist_employer",
    ),
    path("turno/<str:token>/", views.turn_detail, name="turn_detail"),
    path("turno/<str:token>/pdf/", views.turn_pdf_download, name="turn_pdf"),
    path("turno/<str:token>/calendario/", views.turn_ics_download, name="turn_ics"),
    path("turno/<str:token>/cancelar/", views.turn_cancel_view, name="turn_cancel"),
    path(
        "turno/<str:token>/reprogramar/",
        views.turn_reschedule_view,
        name="turn_reschedule",
    ),
    path(
        "turno/<str:token>/reprogramar/confirmar/",
        views.turn_reschedule_confirm,
        name="turn_reschedule_confirm",
    ),
]
