"""Password rules Django does not ship: a clave must not contain the account's data."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _folded(value: str) -> str:
    """Lower case without accents: «Pérez» and «perez» are the same word."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


class PersonalDataValidator:
    """Refuse a password containing the username (the RUC or cédula), the local
    part of the e-mail, or any word of four letters or more of the names.

    UserAttributeSimilarityValidator compares the whole password with each value,
    so «Mi-clave-1790011674001-segura» passes it; this one does not.
    """

    min_word = 4

    def _fragments(self, user) -> list[str]:
        fragments = [_folded(getattr(user, "username", ""))]
        email = getattr(user, "email", "") or ""
        fragments.append(_folded(email.partition("@")[0]))
        for attribute in ("first_name", "last_name"):
            fragments += re.split(r"[\W_]+", _folded(getattr(user, attribute, "")))
        return [f for f in fragments if len(f) >= self.min_word]

    def validate(self, password: str, user=None) -> None:
        if user is None:
            return
        folded = _folded(password)
        if any(fragment in folded for fragment in self._fragments(user)):
            raise ValidationError(
                _(
                    "La clave no puede contener el RUC, la cédula, el correo ni los "
                    "nombres del empleador o del representante legal."
                ),
                code="password_personal_data",
            )

    def get_help_text(self) -> str:
        return _(
            "La clave no puede contener el RUC, la cédula, el correo ni los nombres."
        )
