"""Post/Redirect/Get for the pages that ask for an e-mailed code: a wrong code
answers 303 to its own page (core.redirects), which shows it once, so a reload
never spends another try."""

from django.http import HttpRequest

from clavepatronal.core.redirects import refusal_take
from clavepatronal.notifications.forms import VerificationCodeForm


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
