from django.urls import path

from . import views
from .views import privacy as privacy_views

app_name = "portal"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ingresar/", views.login, name="login"),
    path("salir/", views.logout_view, name="logout"),
    path("activar/", views.activate_code, name="activate_code"),
    path("activar/<str:token>/", views.activate_link, name="activate_link"),
    path("nueva-clave/", views.clave_set, name="clave_set"),
    path("olvido/", views.recovery, name="recovery"),
    path("olvido/enviado/", views.recovery_sent, name="recovery_sent"),
    path("olvido/firma/", views.signed_recovery, name="signed_recovery"),
    path(
        "olvido/firma/cargar/",
        views.signed_recovery_upload,
        name="signed_recovery_upload",
    ),
    path(
        "olvido/firma/recibida/",
        views.signed_recovery_received,
        name="signed_recovery_received",
    ),
    path(
        "olvido/firma/<str:code>.pdf",
        views.signed_recovery_pdf,
        name="signed_recovery_pdf",
    ),
    path("restablecer/<str:token>/", views.recovery_link, name="recovery_link"),
    path("clave/", views.clave_change_view, name="clave_change"),
    path("correo/", views.email_change, name="email_change"),
    path("correo/confirmar/", views.email_change_confirm, name="email_change_confirm"),
    path("poderes/nuevo/", views.power_new, name="power_new"),
    path("tramites/<str:number>/", views.tramite_view, name="tramite"),
    path("turnos/<str:code>/cancelar/", views.turn_cancel_view, name="turn_cancel"),
    path(
        "turnos/<str:code>/reprogramar/",
        views.turn_reschedule_view,
        name="turn_reschedule",
    ),
    path(
        "documentos/<str:code>.pdf", views.document_download, name="document_download"
    ),
    # «Mis datos» and «Quién consultó mis datos» (LOPDP)
    path("mis-datos/", privacy_views.mis_datos, name="mis_datos"),
    path(
        "mis-datos/mis-datos.json",
        privacy_views.mis_datos_json,
        name="mis_datos_json",
    ),
    path(
        "mis-datos/mis-datos.pdf",
        privacy_views.mis_datos_pdf_view,
        name="mis_datos_pdf",
    ),
    path(
        "mis-datos/esquema.json",
        privacy_views.mis_datos_schema,
        name="mis_datos_schema",
    ),
    path(
        "mis-datos/archivos/<int:pk>/",
        privacy_views.mis_datos_file,
        name="mis_datos_file",
    ),
    path(
        "mis-datos/poderes/<int:pk>/escaneo/",
        privacy_views.mis_datos_power_scan,
        name="mis_datos_power_scan",
    ),
    path("quien-consulto/", privacy_views.consultas, name="consultas"),
]
