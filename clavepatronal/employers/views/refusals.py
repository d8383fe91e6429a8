"""Post/Redirect/Get for the registration's pages: a refused POST answers 303 to
its own page, which shows what was refused once, so a reload or the back button
never asks to send the form again (nor spends another try of an e-mailed code)."""

from django.http import HttpRequest, HttpResponse

from clavepatronal.core.redirects import refusal_take, refused_redirect
from clavepatronal.notifications.forms import VerificationCodeForm


def form_refused(request: HttpRequest, form, error=None) -> HttpResponse:
    """A refused form: what was typed (and the view's own message, if any) goes to
    the same page, which binds it again and shows why."""
    data = {name: form.data.get(name, "") for name in form.fields}
    return refused_redirect(
        request, {"data": data, "error": str(error) if error else None}
    )


def refused_data(request: HttpRequest) -> dict | None:
    """The page's form data: the POST, or what a refused POST sent here, or None."""
    if request.method == "POST":
        return request.POST
    refused = refusal_take(request)
    return refused["data"] if refused else None


def code_form(request: HttpRequest) -> VerificationCodeForm:
    """The code form: the one posted, or after a refused code the code it sent and
    why it was refused."""
    if request.method == "POST":
        return VerificationCodeForm(request.POST)
    refused = refusal_take(request)
    if refused is None:
        return VerificationCodeForm()
    form = VerificationCodeForm(refused["data"])
    if form.is_valid() and refused.get("error"):
        form.add_error("code", refused["error"])
    return form


def error_refused(request: HttpRequest, error) -> HttpResponse:
    """A page without a form whose POST was refused with a message."""
    return refused_redirect(request, {"error": str(error)})


def refused_error(request: HttpRequest) -> str | None:
    refused = refusal_take(request)
    return refused.get("error") if refused else None
