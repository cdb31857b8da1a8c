"""The association's official numbers: RNA (répertoire national des associations) and SIRET.

An RNA number is « W » followed by nine digits (W452001234); a SIRET has fourteen digits whose
Luhn sum is a multiple of ten (La Poste's establishments excepted, see below). The first nine
digits of a SIRET are the SIREN, which names the FEC file an accountant receives.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

RNA_PATTERN = re.compile(r"W\d{9}")
# La Poste's establishments share SIREN 356000000: their SIRET follow another rule (sum of
# the digits a multiple of five) instead of Luhn.
LA_POSTE_SIREN = "356000000"


def normalise_number(value: str) -> str:
    """Without the spaces, dots and dashes people type between groups of digits."""
    return re.sub(r"[\s.\-]", "", value or "").upper()


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def validate_rna(value: str) -> None:
    if not RNA_PATTERN.fullmatch(normalise_number(value)):
        raise ValidationError(
            _("Le numéro RNA s'écrit W suivi de 9 chiffres, par exemple W452001234."),
            code="rna",
        )


def validate_siret(value: str) -> None:
    digits = normalise_number(value)
    if not digits:
        return
    if not (len(digits) == 14 and digits.isdigit()):
        raise ValidationError(_("Le SIRET compte 14 chiffres."), code="siret_length")
    if digits.startswith(LA_POSTE_SIREN):
        valid = sum(int(d) for d in digits) % 5 == 0
    else:
        valid = luhn_valid(digits)
    if not valid:
        raise ValidationError(
            _("Ce SIRET n'existe pas : un chiffre est sans doute mal recopié."), code="siret_key"
        )


def siren_of(siret: str) -> str:
    digits = normalise_number(siret)
    return digits[:9] if len(digits) == 14 else ""
