from django.urls import path

from .views import (
    assisted,
    audit,
    auth,
    breaches,
    desk,
    draws,
    home,
    powers,
    privacy_access,
    privacy_requests,
    reports,
    tramites,
    trust,
)

app_name = "backoffice"

urlpatterns = [
    path("", home.home, name="home"),
    path("ingresar/", auth.login, name="login"),
    path("ingresar/codigo/", auth.login_code, name="login_code"),
    path("segundo-factor/<str:token>/", auth.enrol, name="enrol"),
    path("salir/", auth.logout_view, name="logout"),
    # Virtual queue
    path("tramites/", tramites.queue, name="queue"),
    path("tramites/<str:number>/", tramites.detail, name="tramite"),
    path("tramites/<str:number>/tomar/", tramites.take, name="take"),
    path("tramites/<str:number>/observar/", tramites.observe, name="observe"),
    path("tramites/<str:number>/rechazar/", tramites.reject, name="reject"),
    path("tramites/<str:number>/aprobar/", tramites.approve, name="approve"),
    path(
        "tramites/<str:number>/adjuntos/<int:pk>/",
        tramites.attachment,
        name="attachment",
    ),
    # Turno asistido (before the desk's turnos/<code>/)
    path("turnos/asistido/", assisted.start, name="assisted_start"),
    path("turnos/asistido/codigo/", assisted.code, name="assisted_code"),
    path("turnos/asistido/horario/", assisted.schedule, name="assisted_schedule"),
    path(
        "turnos/asistido/turno/<str:code>/",
        assisted.turn_result,
        name="assisted_turn",
    ),
    path(
        "turnos/asistido/turno/<str:code>/confirmacion.pdf",
        assisted.turn_print,
        name="assisted_turn_pdf",
    ),
    path(
        "turnos/asistido/solicitud/<int:pk>/",
        assisted.application_result,
        name="assisted_application",
    ),
    path("turnos-asistidos/", assisted.report, name="assisted_report"),
    # In-person desk
    path("turnos/", desk.today, name="desk"),
    path("turnos/<str:code>/", desk.turn_view, name="turn"),
    path("turnos/<str:code>/llegada/", desk.arrival, name="arrival"),
    path("turnos/<str:code>/cerrar/", desk.close, name="desk_close"),
    path("turnos/<str:code>/no-asistio/", desk.no_show, name="no_show"),
    path("turnos/<str:code>/empleador/", desk.employer, name="desk_employer"),
    path("turnos/<str:code>/poder/", desk.power, name="desk_power"),
    path("turnos/<str:code>/emitir/", desk.issue, name="desk_issue"),
    # Delegado jurídico
    path("poderes/", powers.power_list, name="powers"),
    path("poderes/<int:pk>/", powers.power_detail, name="power"),
    path("poderes/<int:pk>/escaneo/", powers.power_scan, name="power_scan"),
    path("poderes/<int:pk>/sellar/", powers.stamp, name="power_stamp"),
    path("poderes/<int:pk>/rechazar/", powers.reject, name="power_reject"),
    # Administrador
    path("auditoria/", audit.audit, name="audit"),
    path("reportes/", reports.reports, name="reports"),
    path("sorteos/", draws.draws, name="draws"),
    path("confianza/", trust.trust, name="trust"),
    path(
        "privacidad/consultas/",
        privacy_access.without_reason,
        name="privacy_access_without_reason",
    ),
    # Delegado de protección de datos (LOPDP): rights requests and breaches
    path(
        "privacidad/solicitudes/",
        privacy_requests.request_list,
        name="privacy_requests",
    ),
    path(
        "privacidad/solicitudes/<str:number>/",
        privacy_requests.request_detail,
        name="privacy_request",
    ),
    path(
        "privacidad/solicitudes/<str:number>/tomar/",
        privacy_requests.request_take,
        name="privacy_request_take",
    ),
    path("privacidad/incidentes/", breaches.breach_list, name="breaches"),
    path("privacidad/incidentes/<int:pk>/", breaches.breach_detail, name="breach"),
    path(
        "privacidad/incidentes/<int:pk>/autoridad/",
        breaches.breach_authority,
        name="breach_authority",
    ),
    path(
        "privacidad/incidentes/<int:pk>/avisar/",
        breaches.breach_notify,
        name="breach_notify",
    ),
]
