"""«Unirme a la lista de espera»: which days and hours the person can come. Who
they are comes from the journey's verified state, never from this form."""

import datetime

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

ANY = "cualquiera"
CHOSEN = "elegir"
HOUR_LABEL = _("de %(from)s:00 a %(to)s:00")


class WaitlistForm(forms.Form):
    """Any day and hour, or some days of the booking window and/or some hours
    (each hour of the day stands for the agency's starts within it)."""

    cuando = forms.ChoiceField(
        label=_("¿Qué días y horas le sirven?"),
        choices=[
            (ANY, _("Cualquier día y hora")),
            (CHOSEN, _("Solo los días u horas que elija abajo")),
        ],
        initial=ANY,
        widget=forms.RadioSelect,
        error_messages={"required": _("Elija una opción.")},
    )
    dias = forms.MultipleChoiceField(
        label=_("Días"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Si no elige ningún día, le sirve cualquiera."),
        error_messages={"invalid_choice": _("Elija días de la lista.")},
    )
    horas = forms.MultipleChoiceField(
        label=_("Horas"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Si no elige ninguna hora, le sirve cualquiera."),
        error_messages={"invalid_choice": _("Elija horas de la lista.")},
    )

    def __init__(self, *args, days: list[datetime.date], starts: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.starts = starts
        self.fields["dias"].choices = [
            (day.isoformat(), formats.date_format(day, "l j \\d\\e F")) for day in days
        ]
        hours = sorted({start[:2] for start in starts})
        self.fields["horas"].choices = [
            (hour, HOUR_LABEL % {"from": int(hour), "to": int(hour) + 1})
            for hour in hours
        ]

    def clean(self):
        data = super().clean()
        chosen = data.get("cuando") == CHOSEN
        days = (data.get("dias") or []) if chosen else []
        hours = (data.get("horas") or []) if chosen else []
        if chosen and not days and not hours and not self.errors:
            self.add_error(
                "dias",
                _("Elija al menos un día o una hora, o marque «Cualquier día y hora»."),
            )
        data["days"] = days
        data["hours"] = [start for start in self.starts if start[:2] in hours]
        return data
