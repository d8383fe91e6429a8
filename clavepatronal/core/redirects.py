from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from .sessions import refused_post_keep, refused_post_take


def next_url(request: HttpRequest) -> str | None:
    """The `next` a login was asked to return to, only if it stays on this site."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


def redirect_see_other(to, *args, **kwargs) -> HttpResponseSeeOther:
    """303 See Other: after a refused POST the browser GETs the page, so a reload or
    the back button never offers to send the form again (Post/Redirect/Get)."""
    return HttpResponseSeeOther(resolve_url(to, *args, **kwargs))


def refused_redirect(request: HttpRequest, refusal: dict) -> HttpResponseSeeOther:
    """After a refused POST: keep what it said for the same page (its own address,
    the query too) and send the browser there, which shows it once."""
    refused_post_keep(request.session, request.path, refusal)
    return redirect_see_other(request.get_full_path())


def refusal_take(request: HttpRequest) -> dict | None:
    """What the refused POST that redirected here said; None on a POST and after
    the first view."""
    if request.method == "POST":
        return None
    return refused_post_take(request.session, request.path)


def form_refused(request: HttpRequest, form, error=None) -> HttpResponseSeeOther:
    """A refused form: what was typed (and the view's own message, if any) goes to
    the same page, which binds it again (`refused_data`) and shows why."""
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


def error_refused(request: HttpRequest, error) -> HttpResponseSeeOther:
    """A POST without a form (a button) refused with a message."""
    return refused_redirect(request, {"error": str(error)})


def refused_error(request: HttpRequest) -> str | None:
    refused = refusal_take(request)
    return refused.get("error") if refused else None
