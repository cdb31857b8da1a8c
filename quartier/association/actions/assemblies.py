"""General assemblies: the notice period, attendance with proxies, the quorum and the votes.

Who may vote: members up to date with their dues on the assembly's date. The rules of proxies
(pouvoirs), as most statutes write them:

- a proxy goes from a member up to date to another member up to date;
- whoever is present votes themselves and cannot be represented (arriving cancels the proxy
  they had given);
- whoever holds a proxy cannot give one, and whoever gave one cannot hold any;
- nobody holds more proxies than the association's cap (`Association.max_proxies`);
- a proxy counts only when its holder is present.

The quorum is the share of voting members (`Association.quorum_percent`), rounded up, that must
be present or represented.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.association.actions.errors import AssociationError
from quartier.association.actions.members import up_to_date_members
from quartier.association.models import Association, GeneralAssembly, Proxy, Resolution
from quartier.gatherings.models import Attendance, Gathering
from quartier.gatherings.services import record_attendance
from quartier.people.models import Person


def assembly_date(assembly: GeneralAssembly) -> dt.date:
    return timezone.localtime(assembly.gathering.start).date()


@transaction.atomic
def create_assembly(
    association: Association,
    *,
    title: str,
    start: dt.datetime,
    end: dt.datetime | None = None,
    place: str = "",
    agenda: str,
    kind: str = GeneralAssembly.Kind.ORDINARY,
    created_by=None,
) -> GeneralAssembly:
    """The assembly is a gathering of the association's territory (kind general assembly):
    its date, place and attendance live there."""
    if end is not None and end < start:
        raise AssociationError(_("La fin doit être après le début."), field="end")
    gathering = Gathering.objects.create(
        kind=Gathering.Kind.GENERAL_ASSEMBLY,
        title=title,
        start=start,
        end=end,
        place=place,
        territory=association.territory,
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
    )
    return GeneralAssembly.objects.create(
        gathering=gathering, association=association, kind=kind, agenda=agenda
    )


# --- notice --------------------------------------------------------------------------------


def convocation_deadline(assembly: GeneralAssembly) -> dt.date:
    """The last day the notice may be sent, as the statutes say."""
    return assembly_date(assembly) - dt.timedelta(days=assembly.association.convocation_days)


def convocation_warning(assembly: GeneralAssembly, today: dt.date | None = None) -> str:
    """A warning when the notice is, or would be, sent too late; empty when all is well."""
    deadline = convocation_deadline(assembly)
    days = assembly.association.convocation_days
    sent = assembly.convocation_sent_on
    if sent is not None:
        if sent > deadline:
            return _(
                "La convocation est partie le %(sent)s, moins de %(days)s jours avant "
                "l'assemblée : les statuts demandent de l'envoyer au plus tard le %(deadline)s. "
                "Des membres pourraient contester les décisions."
            ) % {
                "sent": sent.strftime("%d/%m/%Y"),
                "days": days,
                "deadline": deadline.strftime("%d/%m/%Y"),
            }
        return ""
    today = today or timezone.localdate()
    if today > deadline and today <= assembly_date(assembly):
        return _(
            "La convocation aurait dû partir au plus tard le %(deadline)s (%(days)s jours avant, "
            "selon les statuts) : pensez à reporter l'assemblée."
        ) % {"deadline": deadline.strftime("%d/%m/%Y"), "days": days}
    return ""


# --- quorum --------------------------------------------------------------------------------


@dataclass
class Quorum:
    voting: int  # members up to date on the assembly's date
    present: int  # of them, present
    represented: int  # of them, absent but represented by a present holder
    needed: int
    present_not_voting: int  # guests, professionals, members not up to date
    unused_proxies: int  # proxies whose holder did not come

    @property
    def counted(self) -> int:
        return self.present + self.represented

    @property
    def reached(self) -> bool:
        return self.counted >= self.needed

    @property
    def missing(self) -> int:
        return max(0, self.needed - self.counted)


def voting_person_ids(assembly: GeneralAssembly) -> set[int]:
    return set(
        up_to_date_members(assembly.association, assembly_date(assembly)).values_list(
            "person_id", flat=True
        )
    )


def quorum(assembly: GeneralAssembly) -> Quorum:
    voting = voting_person_ids(assembly)
    present = set(assembly.gathering.attendances.values_list("person_id", flat=True))
    represented = 0
    unused = 0
    for giver_id, holder_id in assembly.proxies.values_list("giver_id", "holder_id"):
        if giver_id not in voting or giver_id in present:
            continue
        if holder_id in present and holder_id in voting:
            represented += 1
        else:
            unused += 1
    needed = math.ceil(len(voting) * assembly.association.quorum_percent / 100)
    return Quorum(
        voting=len(voting),
        present=len(present & voting),
        represented=represented,
        needed=needed,
        present_not_voting=len(present - voting),
        unused_proxies=unused,
    )


# --- attendance ----------------------------------------------------------------------------


@transaction.atomic
def check_in(assembly: GeneralAssembly, person: Person, *, recorded_by=None) -> str:
    """Note `person` present. A proxy they had given is cancelled: they vote themselves."""
    outcome = record_attendance(
        assembly.gathering,
        person=person,
        recorded_by=recorded_by if getattr(recorded_by, "is_authenticated", False) else None,
    )
    message = outcome.message
    given = assembly.proxies.filter(giver=person).select_related("holder").first()
    if given is not None:
        given.delete()
        message += " " + _(
            "Son pouvoir à %(holder)s est annulé : présente, la personne vote elle-même."
        ) % {"holder": given.holder.display_name}
    return message


def check_out(assembly: GeneralAssembly, person: Person) -> str:
    Attendance.objects.filter(gathering=assembly.gathering, person=person).delete()
    return _("La présence de %(name)s est retirée.") % {"name": person.display_name}


# --- proxies -------------------------------------------------------------------------------


def proxy_refusal(assembly: GeneralAssembly, giver: Person, holder: Person) -> str:
    """Why this proxy cannot be given, or an empty string when it can."""
    if giver.pk == holder.pk:
        return _("On ne se donne pas pouvoir à soi-même.")
    voting = voting_person_ids(assembly)
    if giver.pk not in voting:
        return _(
            "%(name)s n'est pas à jour de cotisation à la date de l'assemblée : "
            "seul un membre à jour peut donner pouvoir."
        ) % {"name": giver.display_name}
    if holder.pk not in voting:
        return _(
            "%(name)s n'est pas à jour de cotisation à la date de l'assemblée : "
            "seul un membre à jour peut porter un pouvoir."
        ) % {"name": holder.display_name}
    if assembly.gathering.attendances.filter(person=giver).exists():
        return _("%(name)s est déjà là : on ne peut pas représenter une personne présente.") % {
            "name": giver.display_name
        }
    proxies = assembly.proxies
    if proxies.filter(giver=giver).exists():
        return _("%(name)s a déjà donné son pouvoir.") % {"name": giver.display_name}
    if proxies.filter(holder=giver).exists():
        return _(
            "%(name)s porte déjà un pouvoir : qui porte un pouvoir ne peut pas donner le sien."
        ) % {"name": giver.display_name}
    if proxies.filter(giver=holder).exists():
        return _("%(name)s a donné son pouvoir : qui a donné le sien ne peut pas en porter.") % {
            "name": holder.display_name
        }
    cap = assembly.association.max_proxies
    if proxies.filter(holder=holder).count() >= cap:
        return _("%(name)s porte déjà %(cap)s pouvoirs, le plus que permettent les statuts.") % {
            "name": holder.display_name,
            "cap": cap,
        }
    return ""


@transaction.atomic
def give_proxy(assembly: GeneralAssembly, *, giver: Person, holder: Person) -> Proxy:
    # Lock the assembly's row: two phones recording proxies at once must not pass the cap.
    GeneralAssembly.objects.select_for_update().filter(pk=assembly.pk).first()
    refusal = proxy_refusal(assembly, giver, holder)
    if refusal:
        raise AssociationError(refusal)
    try:
        with transaction.atomic():
            return Proxy.objects.create(assembly=assembly, giver=giver, holder=holder)
    except IntegrityError as error:
        raise AssociationError(
            _("%(name)s a déjà donné son pouvoir.") % {"name": giver.display_name}
        ) from error


# --- resolutions ---------------------------------------------------------------------------


def add_resolution(assembly: GeneralAssembly, *, title: str, majority: str) -> Resolution:
    number = (
        assembly.resolutions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    return Resolution.objects.create(
        assembly=assembly, number=number, title=title, majority=majority
    )


def record_votes(
    resolution: Resolution, *, votes_for: int, votes_against: int, abstentions: int
) -> Resolution:
    """The show of hands: never more votes than voters (present and represented)."""
    counted = quorum(resolution.assembly).counted
    total = votes_for + votes_against + abstentions
    if total > counted:
        raise AssociationError(
            _(
                "Plus de votes (%(total)s) que de votants sur place ou par pouvoir "
                "(%(counted)s) : recomptez les mains levées."
            )
            % {"total": total, "counted": counted}
        )
    resolution.votes_for = votes_for
    resolution.votes_against = votes_against
    resolution.abstentions = abstentions
    resolution.save(update_fields=["votes_for", "votes_against", "abstentions"])
    return resolution
