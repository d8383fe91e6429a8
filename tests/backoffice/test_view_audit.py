"""An officer opening a trámite or a turn at the desk sees a person's and an
employer's data: each look is an audit event (with the officer's role), which
«Quién consultó mis datos» reads; an officer outside the trámite's scope leaves
no event (nothing was shown)."""

import pytest
from django.urls import reverse

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _looks(action, target) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=action,
            target_type=target._meta.label_lower,
            target_id=str(target.pk),
        )
    )


def test_opening_a_tramite_is_recorded_with_the_officers_role(
    as_servidor, servidor, tramite_pichincha
):
    url = reverse("backoffice:tramite", args=[tramite_pichincha.number])
    assert as_servidor.get(url).status_code == 200
    as_servidor.get(url)
    looks = _looks(AuditAction.TRAMITE_CONSULTADO, tramite_pichincha)
    assert len(looks) == 2
    assert looks[0].actor == servidor and looks[0].actor_role
    assert looks[0].data["number"] == tramite_pichincha.number


def test_an_officer_outside_the_province_leaves_no_look(as_servidor, tramite_guayas):
    url = reverse("backoffice:tramite", args=[tramite_guayas.number])
    assert as_servidor.get(url).status_code == 404
    assert not _looks(AuditAction.TRAMITE_CONSULTADO, tramite_guayas)


def test_opening_a_turn_at_the_desk_is_recorded(as_servidor, servidor, turn_quito):
    assert (
        as_servidor.get(reverse("backoffice:turn", args=[turn_quito.code])).status_code
        == 200
    )
    (look,) = _looks(AuditAction.TURNO_CONSULTADO, turn_quito)
    assert look.actor == servidor and look.data["code"] == turn_quito.code
