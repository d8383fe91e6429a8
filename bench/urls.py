"""The benchmark's baselines: the least Django can do for each measured page. Routed
only under config.settings.bench, next to the real site."""

from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from clavepatronal.appointments.models import Slot
from clavepatronal.audit.models import AuditEvent

BARE_TEMPLATE = engines["django"].from_string(
    '<!doctype html><html lang="es"><head><title>{{ title }}</title></head><body>'
    "<h1>{{ title }}</h1><ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}"
    "</ul></body></html>"
)


def bare_page(request):
    """Render a small template: the floor under the availability page."""
    html = BARE_TEMPLATE.render({"title": "Disponibilidad", "items": range(10)})
    return HttpResponse(html)


@csrf_exempt
def bare_booking(request, slot_id: int):
    """One conditional UPDATE and one INSERT in a transaction: the floor under a
    booking."""
    with transaction.atomic():
        taken = Slot.objects.filter(pk=slot_id, booked__lt=F("capacity")).update(
            booked=F("booked") + 1
        )
        if taken:
            AuditEvent.objects.create(action="bench.bare", target_id=str(slot_id))
    return HttpResponse("ok" if taken else "lleno")


urlpatterns = [
    path("bench/bare/page/", bare_page),
    path("bench/bare/booking/<int:slot_id>/", bare_booking),
    path("", include("config.urls")),
]

handler400 = "clavepatronal.core.errors.bad_request"
handler403 = "clavepatronal.core.errors.permission_denied"
handler404 = "clavepatronal.core.errors.page_not_found"
handler500 = "clavepatronal.core.errors.server_error"
