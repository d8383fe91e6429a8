"""Every pair of trámite states: a legal step writes its history row and its audit
event; an illegal one is refused with a message and changes nothing."""

import itertools

import pytest

from clavepatronal.audit.models import AuditEvent
from clavepatronal.procedures.constants import TRAMITE_TRANSITIONS, TramiteStatus
from clavepatronal.procedures.models import StatusChange, Tramite
from clavepatronal.procedures.services import TransitionNotAllowed, transition
from tests.procedures.factories import TramiteFactory

pytestmark = pytest.mark.django_db

PAIRS = list(itertools.product(TramiteStatus, TramiteStatus))


@pytest.mark.parametrize(("start", "to"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_each_step_is_legal_or_refused(start, to, registration, servidor):
    tramite = TramiteFactory(registration=registration, status=start)
    if to in TRAMITE_TRANSITIONS[start]:
        transition(tramite=tramite, to=to, actor=servidor, actor_label="servidor.quito")
        assert Tramite.objects.get(pk=tramite.pk).status == to
        assert StatusChange.objects.filter(tramite=tramite, to_status=to).count() == 1
        event = AuditEvent.objects.get(action=f"tramite.{to.lower()}")
        assert event.data["from"] == start and event.actor == servidor
    else:
        with pytest.raises(TransitionNotAllowed, match="no puede pasar a"):
            transition(tramite=tramite, to=to, actor=servidor, actor_label="x")
        assert Tramite.objects.get(pk=tramite.pk).status == start
        assert not AuditEvent.objects.filter(action__startswith="tramite.")


def test_a_stale_page_loses_the_race(registration, servidor):
    tramite = TramiteFactory(registration=registration)
    stale = Tramite.objects.get(pk=tramite.pk)
    transition(tramite=tramite, to=TramiteStatus.EN_REVISION, actor_label="a")
    with pytest.raises(TransitionNotAllowed, match="cambió de estado"):
        transition(tramite=stale, to=TramiteStatus.EN_REVISION, actor_label="b")
    assert StatusChange.objects.filter(tramite=tramite).count() == 1
