from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("clavepatronal.core.urls")),
    # /salud/vivo/ and /salud/listo/ (core keeps /salud/ itself).
    path("salud/", include("clavepatronal.observability.health_views")),
    path("registro/", include("clavepatronal.employers.urls")),
    path("empleador/", include("clavepatronal.portal.urls")),
    path("ventanilla/", include("clavepatronal.procedures.urls")),
    path("turnos/", include("clavepatronal.appointments.urls")),
    path("documentos/", include("clavepatronal.documents.urls")),
    path("backoffice/", include("clavepatronal.backoffice.urls")),
    path("privacidad/", include("clavepatronal.privacy.urls")),
    path("admin/", admin.site.urls),
    path("metricas/", include("clavepatronal.observability.urls")),
]

handler400 = "clavepatronal.core.errors.bad_request"
handler403 = "clavepatronal.core.errors.permission_denied"
handler404 = "clavepatronal.core.errors.page_not_found"
handler500 = "clavepatronal.core.errors.server_error"
