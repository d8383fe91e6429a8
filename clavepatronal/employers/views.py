from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """Registro nuevo empleador: the first step of both routes."""
    return render(request, "employers/start.html")
