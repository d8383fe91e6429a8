"""URLs that fail on purpose, to check the error pages a person would see."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401


def fail(request):
    raise RuntimeError("fallo provocado por la prueba")


def forbid(request):
    raise PermissionDenied


def invalid(request):
    raise SuspiciousOperation("solicitud manipulada")


urlpatterns = [
    path("falla/", fail),
    path("prohibido/", forbid),
    path("invalido/", invalid),
]
