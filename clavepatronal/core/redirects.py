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
