"""Issue 25 (2): no admin lookup or search can probe a secret field. Django's admin
lets any local field be filtered from the URL (`?key__startswith=a`), hidden or
not: a secret read one prefix at a time. Walks every registered admin."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from clavepatronal.backoffice.admin_site import SECRET_FIELD, lookup_reaches_a_secret
from clavepatronal.backoffice.constants import Role
from tests.staff import verified_login

from .accounts import staff_user

pytestmark = pytest.mark.django_db

PROBES = ("startswith", "contains", "regex", "exact")


def secret_lookups():
    """(changelist URL name, lookup) for every secret field of every registered
    admin's model, and for each one its relations reach in one step."""
    found = []
    for model in admin.site._registry:
        url = f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        for field in model._meta.concrete_fields:
            if SECRET_FIELD.search(field.name):
                found.append((url, field.name))
            elif field.is_relation and field.related_model is not None:
                found += [
                    (url, f"{field.name}__{related.name}")
                    for related in field.related_model._meta.concrete_fields
                    if SECRET_FIELD.search(related.name)
                ]
    return found


SECRET_LOOKUPS = secret_lookups()


@pytest.fixture
def superuser_client(client):
    user = staff_user(Role.ADMINISTRADOR)
    user.is_superuser = True
    user.save()
    return verified_login(client, user)


def test_the_known_secrets_are_among_those_walked():
    walked = {lookup for _url, lookup in SECRET_LOOKUPS}
    for lookup in ("seed", "key", "password", "secret_hash", "code_hash", "salt"):
        assert lookup in walked
    assert "user__password" in walked  # through a relation: TOTP device → user


@pytest.mark.parametrize(("url", "lookup"), SECRET_LOOKUPS)
def test_every_secret_lookup_is_refused(superuser_client, url, lookup):
    for probe in PROBES:
        response = superuser_client.get(reverse(url), {f"{lookup}__{probe}": "a"})
        assert response.status_code == 400, (url, lookup, probe)


def test_an_ordinary_filter_still_works(superuser_client):
    url = reverse("admin:appointments_draw_changelist")
    assert superuser_client.get(url, {"status": "PENDIENTE"}).status_code == 200
    url = reverse("admin:core_user_changelist")
    assert superuser_client.get(url, {"username__startswith": "p"}).status_code == 200


def test_the_seed_cannot_be_read_prefix_by_prefix(superuser_client):
    url = reverse("admin:appointments_draw_changelist")
    for lookup in ("seed__startswith", "seed", "seed__gt", "seed__in"):
        assert superuser_client.get(url, {lookup: "0"}).status_code == 400


def test_another_officers_totp_key_cannot_be_probed(superuser_client):
    other = staff_user(Role.SERVIDOR)
    device = TOTPDevice.objects.get(user=other)
    url = reverse("admin:otp_totp_totpdevice_changelist")
    response = superuser_client.get(url, {"key__startswith": device.key[:4]})
    assert response.status_code == 400
    # Nor through the search box: no search field reaches the key.
    response = superuser_client.get(url, {"q": device.key[:8]})
    assert response.status_code == 200
    assert device not in response.context["cl"].result_list


def test_no_admin_searches_a_secret_field(rf):
    request = rf.get("/")
    for model, model_admin in admin.site._registry.items():
        for path in model_admin.get_search_fields(request):
            assert not lookup_reaches_a_secret(model, path.lstrip("^=@")), (
                model,
                path,
            )


@pytest.mark.parametrize(
    ("lookup", "secret"),
    [
        ("key__startswith", True),
        ("user__password__regex", True),
        ("pk", False),
        ("user__username__startswith", False),
        ("name__icontains", False),
        ("seed_hash", True),
    ],
)
def test_lookup_reaches_a_secret(lookup, secret):
    assert lookup_reaches_a_secret(TOTPDevice, lookup) is secret
