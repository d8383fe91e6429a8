"""The clave's rules: long, not common, not the RUC or the names; Argon2 in
production."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher
from django.urls import reverse

from clavepatronal.core.password_validation import PersonalDataValidator
from clavepatronal.employers.constants import ActivationStatus
from clavepatronal.employers.models import Activation
from clavepatronal.employers.services import clave_set_by_activation

from .conftest import PASSWORD
from .factories import RUC_SOCIEDAD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "clave, message",
    [
        ("Corta-2031", None),  # 10 characters: the shortest allowed
        ("Corta-203", "por lo menos 10 caracteres"),
        ("password123", "demasiado común"),
        ("48392017465829", "completamente numérica"),
        ("1790011674001x", "demasiado similar"),  # the RUC, nearly
        ("Mi-clave-1790011674001-segura", "no puede contener el RUC"),
        ("Clave-de-andrade-2031", "no puede contener el RUC"),  # a surname
        ("Clave-de-ANDINA-2031", "no puede contener el RUC"),  # the business name
        ("Perez-Segura-2031", "no puede contener el RUC"),  # «Pérez», no accent
    ],
)
def test_the_clave_rules(client, registration, issue_link, clave, message):
    activation, token = issue_link(registration)
    client.get(reverse("portal:activate_link", args=[token]))
    response = client.post(
        reverse("portal:clave_set"), {"new_password1": clave, "new_password2": clave}
    )
    activation.refresh_from_db()
    if message is None:
        assert response.status_code == 302
        assert activation.status == ActivationStatus.USADA
        return
    assert response.status_code == 200
    assert message in response.content.decode()
    # A refused clave does not burn the link.
    assert activation.status == ActivationStatus.PENDIENTE


def test_both_claves_must_match(client, registration, issue_link):
    _activation, token = issue_link(registration)
    client.get(reverse("portal:activate_link", args=[token]))
    response = client.post(
        reverse("portal:clave_set"),
        {"new_password1": PASSWORD, "new_password2": PASSWORD + "!"},
    )
    assert "no coinciden" in response.content.decode()


def test_the_service_checks_the_rules_too(registration, issue_link):
    from django.core.exceptions import ValidationError

    activation, _token = issue_link(registration)
    with pytest.raises(ValidationError):
        clave_set_by_activation(activation_id=activation.pk, password="corta")
    assert Activation.objects.get().status == ActivationStatus.PENDIENTE


def test_the_personal_data_rule_ignores_case_and_accents():
    user = get_user_model()(
        username="0926687856", first_name="Ñusta Pérez", email="npz@correo.ec"
    )
    validator = PersonalDataValidator()
    for bad in ("xx-PEREZ-xx-2031", "nUSTA-segura-2031", "a0926687856b"):
        with pytest.raises(Exception, match="no puede contener"):
            validator.validate(bad, user)
    validator.validate("Volcan-Cotopaxi-2031", user)


def test_production_hashes_with_argon2():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_a_clave_set_under_production_hashers_is_stored_as_argon2(
    settings, registration, issue_link
):
    from config.settings import base

    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    activation, _token = issue_link(registration)
    clave_set_by_activation(activation_id=activation.pk, password=PASSWORD)
    user = get_user_model().objects.get(username=RUC_SOCIEDAD)
    assert user.password.startswith("argon2$")
    assert get_hasher().algorithm == "argon2"
    assert user.check_password(PASSWORD)
