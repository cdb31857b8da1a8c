"""Money as integer cents: typed in euros (« 12,50 », « 12.5 », « 1 234 »), stored as cents,
shown as « 1 234,50 € ». Never a float on the way."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

# A residents' association handles thousands of euros, not millions: a larger figure is a typo.
MAX_CENTS = 10_000_000 * 100
NARROW_NBSP = "\u202f"


def parse_euros(text: str | int | Decimal) -> int:
    """Cents for an amount typed in euros; ValueError when it is not one."""
    if isinstance(text, int):
        return text * 100
    raw = str(text).strip().replace("€", "").replace("\u00a0", "").replace(NARROW_NBSP, "")
    raw = raw.replace(" ", "")
    if raw.count(",") == 1 and "." not in raw:
        raw = raw.replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation as error:
        raise ValueError(raw) from error
    if not value.is_finite() or abs(value) > MAX_CENTS:
        # Beyond any association's means (and beyond what quantize handles: 1e309).
        raise ValueError(raw)
    return int((value * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def euros(cents: int | None, *, sign: bool = False) -> str:
    """« 1 234,50 € » (a narrow no-break space between thousands, as French typography has)."""
    if cents is None:
        return ""
    negative = cents < 0
    whole, part = divmod(abs(int(cents)), 100)
    grouped = f"{whole:,}".replace(",", NARROW_NBSP)
    prefix = "−" if negative else ("+" if sign and cents > 0 else "")
    return f"{prefix}{grouped},{part:02d}\u00a0€"


def plain_amount(cents: int) -> str:
    """« 1234,50 »: a decimal comma and nothing else, for files other programs read (FEC)."""
    whole, part = divmod(abs(int(cents)), 100)
    return f"{'-' if cents < 0 else ''}{whole},{part:02d}"


def as_decimal(cents: int) -> Decimal:
    """Euros as a Decimal, for spreadsheet cells that must stay numbers."""
    return (Decimal(int(cents)) / 100).quantize(Decimal("0.01"))


def percent(part: int, whole: int) -> Decimal | None:
    """`part` as a percentage of `whole`, one decimal; None when `whole` is zero."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def times_rate(quantity: Decimal, rate_cents: int) -> int:
    """`quantity` (hours, weeks × hours) times a rate in cents, rounded to the cent."""
    return int((quantity * rate_cents).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


class EuroInput(forms.NumberInput):
    """A number keyboard on phones; the server reads a comma as well as a point."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__({"step": "0.01", "min": "0", "inputmode": "decimal", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int):
            return str(as_decimal(value))
        return super().format_value(value)


class EuroField(forms.Field):
    """An amount in euros, cleaned to integer cents."""

    widget = EuroInput
    default_error_messages = {
        "invalid": _("Tapez un montant en euros, par exemple 12,50."),
        "negative": _("Le montant doit être positif."),
        "zero": _("Le montant doit être supérieur à zéro."),
        "too_large": _("Ce montant est trop élevé : vérifiez-le."),
    }

    def __init__(self, *, allow_zero: bool = False, **kwargs) -> None:
        self.allow_zero = allow_zero
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            cents = parse_euros(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if cents < 0:
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        if cents == 0 and not self.allow_zero:
            raise forms.ValidationError(self.error_messages["zero"], code="zero")
        if cents > MAX_CENTS:
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large")
        return cents

    def prepare_value(self, value):
        if isinstance(value, int):
            return as_decimal(value)
        return value
