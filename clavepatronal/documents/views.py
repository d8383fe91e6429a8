from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_ratelimit.decorators import ratelimit

from .forms import VerificationForm
from .selectors import generated_document_get_by_code


@require_safe
@ratelimit(key="ip", rate="60/m", block=False)
def verify(request: HttpRequest, code: str = "") -> HttpResponse:
    """Public check of a document code: what it is, for whom, when; nothing more."""
    if getattr(request, "limited", False):
        return render(
            request,
            "documents/verify.html",
            {
                "form": VerificationForm(),
                "limited": _(
                    "Hizo demasiadas consultas seguidas. Espere un minuto e intente "
                    "de nuevo."
                ),
            },
            status=429,
        )
    data = {"code": code} if code else (request.GET if "code" in request.GET else None)
    form = VerificationForm(data)
    context = {"form": form, "searched": False}
    if form.is_bound and form.is_valid():
        context["searched"] = True
        context["document"] = generated_document_get_by_code(
            code=form.cleaned_data["code"]
        )
    return render(request, "documents/verify.html", context)
