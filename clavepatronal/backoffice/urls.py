from django.urls import path

from .views import audit, auth, desk, draws, home, powers, reports, tramites, trust

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
]
