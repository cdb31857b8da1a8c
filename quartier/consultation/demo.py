"""Demo step: the 1999 consultation of Les Montoires and what residents said at the two public
meetings, written the way it was noted on the flip-charts.

`DEMO_CONTRIBUTIONS` keeps the theme each sentence was written for, so the theme step can check
(and curate) the demo grouping into the seed's three themes: `DEMO_THEMES`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from quartier.consultation.actions.curation import (
    merge_themes,
    move_contribution,
    rename_theme,
    set_quote,
    split_theme,
)
from quartier.consultation.actions.curation_history import forget_steps
from quartier.consultation.actions.grouping import start_grouping
from quartier.consultation.actions.grouping_run import refresh_salience
from quartier.consultation.models import AgeBand, Consultation, Contribution, GroupingRun
from quartier.gatherings.models import Attendance
from quartier.people.models import Person, User

LIEN_SOCIAL = "lien_social"
JEUNES = "jeunes"
ISOLEMENT_GEOGRAPHIQUE = "isolement_geographique"
AUTRE = "autre"

# The three themes of the seed's restitution (June 1999); AUTRE: fits none.
DEMO_THEMES = {
    LIEN_SOCIAL: "Le lien social et l'isolement des personnes",
    JEUNES: "Les jeunes",
    ISOLEMENT_GEOGRAPHIQUE: "L'isolement géographique du quartier",
}

_LIEN_SOCIAL = [
    "On se croise dans les escaliers mais on se connait pas, c'est dommage.",
    "Depuis que mon mari est mort je vois plus personne de la semaine.",
    "Il faudrait un local où on pourrait se retrouver, boire un café, discuter.",
    "Les femmes seules avec les enfants elles sortent jamais, elles ont personne à qui parler.",
    "Moi je suis arrivée il y a deux ans et je connais toujours pas mes voisins.",
    "Les familles du CADA on les voit mais personne leur parle, ils sont tout seuls.",
    "On pourrait faire une fête des voisins, une fois par an au moins.",
    "Avant il y avait des repas de quartier, maintenant plus rien, chacun chez soi.",
    "Les personnes agées restent enfermées chez elles, faudrait aller les voir.",
    "Un atelier couture ou cuisine pour que les femmes se rencontrent.",
    "J'aimerais apprendre le français mais y a pas de cours ici, alors je parle à personne.",
    "Les demandeurs d'asile du CADA ils ont rien le droit de faire de la journée, on pourrait "
    "faire des choses avec eux.",
    "C'est chacun chez soi, on se dit même plus bonjour dans le hall.",
    "Il manque un endroit pour les mamans, pour parler entre nous pendant que les petits jouent.",
    "Ma voisine du 3e je l'ai pas vu depuis un mois, personne s'inquiète.",
    "Faudrait des activités pour tout le monde : jeux de cartes, sorties, tricot.",
    "Je me sens seule le dimanche, c'est long.",
    "Les gens du CADA on a peur d'eux parce qu'on les connait pas. Si on se rencontrait ça "
    "irait mieux.",
    "Une salle pour se réunir, avec des tables et du café, même deux après-midi par semaine.",
    "On est plein de nationalités différentes et on se mélange pas.",
    "Quand on est une femme seule c'est dur de sortir le soir, on reste à la maison devant la "
    "télé.",
    "Des sorties ensemble, au bord de la Loire ou au marché, ça ferait du bien au moral.",
    "Je connais que la dame de la boulangerie, c'est la seule à qui je parle.",
    "Un jardin partagé au pied des immeubles pour faire des choses ensemble.",
    "Les anciens et les nouveaux arrivés se parlent pas, il y a de la méfiance.",
    "Ca serait bien un club pour les retraités, on s'ennuie.",
    "J'ai pas de famille ici, si je tombe malade personne le saura.",
    "Des après-midi jeux de société, loto, belote, juste pour se voir.",
    "On devrait créer une association d'habitants pour organiser des choses ensemble.",
    "Pour les femmes qui parlent pas français c'est encore plus dur, elles sont isolées chez "
    "elles.",
    "Moi je veux bien aider les voisins âgés pour les courses mais je sais pas qui a besoin.",
    "Un repas partagé où chacun amène un plat de son pays.",
    "Les gens se plaignent mais ils viennent pas aux réunions, faut aller les chercher chez eux.",
    "Y a pas de lieu pour se retrouver entre voisins, le centre social il est en ville.",
    "Depuis que le café a fermé on se voit plus entre voisins.",
    "Les familles du CADA elles restent pas longtemps mais on pourrait quand même les accueillir.",
    "Je suis contente d'être venue ce soir, j'ai parlé à des voisins que je voyais jamais.",
    "La solitude c'est le plus gros problème du quartier à mon avis.",
    "Une fois par mois un goûter ouvert à tous dans le hall.",
    "Les mamans pourraient garder les enfants à tour de rôle, s'entraider un peu.",
    "Les personnes handicapées on les oublie, elles sortent jamais de chez elles.",
    "Faudrait un panneau d'affichage pour savoir ce qui se passe et se rencontrer.",
    "On vit les uns à côté des autres, pas ensemble.",
    "Des cours d'alphabétisation, ça permettrait aux femmes de sortir et de rencontrer du monde.",
    "Une fête au printemps avec de la musique, pour que les gens sortent de chez eux.",
    "Ma mère a 82 ans, elle voit personne à part l'aide ménagère.",
]

_JEUNES = [
    "Les jeunes trainent en bas des immeubles toute la soirée, ils ont rien à faire.",
    "Il y a rien pour les ados ici, pas de terrain, pas de salle.",
    "Le soir j'ose plus sortir à cause des groupes de jeunes dans le hall.",
    "Faudrait un terrain de foot avec des vrais buts, le vieux est tout défoncé.",
    "Mon fils a 15 ans, il s'ennuie, il tourne en rond, j'ai peur qu'il fasse des bêtises.",
    "Les mobylettes qui tournent jusqu'à minuit, on peut pas dormir.",
    "Un local pour les jeunes avec un animateur, pas juste les laisser dehors.",
    "Il faudrait de la prévention, un éducateur de rue qui passe voir les jeunes.",
    "Les boites aux lettres cassées, les tags, c'est toujours les mêmes jeunes.",
    "Les jeunes on les accuse de tout mais on leur propose rien.",
    "Pendant les vacances scolaires les gamins sont livrés à eux mêmes.",
    "Il y a de la drogue qui circule près du parking, tout le monde le sait, les jeunes "
    "commencent tôt.",
    "Un atelier mécanique pour réparer les mobylettes, ça occuperait les jeunes.",
    "Moi j'ai 17 ans, on a rien, même pas un endroit pour s'asseoir entre potes.",
    "Des sorties pour les jeunes : le cinéma, la piscine, des séjours l'été.",
    "Les petits de 10-12 ans sont dehors tard le soir, les parents sont débordés.",
    "Faudrait aider les jeunes à trouver du travail, des stages, ils sont tous au chomage.",
    "Il y a eu des voitures brulées l'an dernier, on a peur que les jeunes recommencent.",
    "Les grands font peur aux petits dans l'aire de jeux.",
    "Un soutien scolaire pour les enfants, les parents peuvent pas toujours aider aux devoirs.",
    "On pourrait demander aux jeunes ce qu'ils veulent, eux, au lieu de décider pour eux.",
    "Une salle de musique ou de danse pour les ados, y en a qui ont du talent.",
    "L'insécurité c'est surtout le soir, à cause de quelques jeunes, pas tous.",
    "La police passe jamais, et quand elle passe ça chauffe avec les jeunes.",
    "Les jeunes filles elles ont aucune activité, tout est fait pour les garçons.",
    "Un city stade comme dans les autres quartiers, les jeunes seraient contents.",
    "Faudrait que les parents soient plus présents avec leurs ados, mais ils travaillent tard.",
    "Les ascenseurs sont abimés par les jeunes qui jouent dedans.",
    "J'ai plus confiance pour laisser ma fille rentrer seule de l'école, avec les bandes de "
    "jeunes.",
    "Des chantiers jeunes l'été, repeindre les halls et être payés un peu, ça les responsabilise.",
    "Les jeunes sont pas méchants, ils s'ennuient c'est tout.",
    "Il faut des éducateurs, des vrais, qui connaissent les familles et les jeunes.",
    "Le bruit la nuit dans les halls, les jeunes qui crient, c'est épuisant.",
    "Pour les jeunes qui décrochent de l'école il y a rien, ils sont dehors toute la journée.",
    "Un tournoi de foot entre quartiers, les jeunes adoreraient.",
    "Les ados voudraient un lieu à eux avec une télé, un baby-foot.",
    "Mon grand s'est fait racketter devant le bâtiment B par des jeunes, on en parle pas mais "
    "ça arrive.",
    "Il faudrait un club de boxe ou d'arts martiaux pour les jeunes, ça canalise.",
    "Y a des jeunes qui fument dans les caves, c'est dangereux.",
    "Les enfants ont pas d'aire de jeux correcte, le toboggan est cassé depuis deux ans.",
    "La prévention faut la faire tôt, dès le collège.",
    "Avant il y avait un animateur le mercredi pour les jeunes, il est parti et depuis c'est "
    "la galère.",
    "On voudrait des activités pour nos enfants le mercredi après-midi.",
    "Les jeunes de 16-18 ans c'est eux qui posent problème, faut s'occuper d'eux.",
    "Je suis jeune et je voudrais qu'on arrête de nous voir comme des délinquants.",
    "Des cours d'informatique pour les jeunes, pour trouver un boulot plus tard.",
]

_ISOLEMENT_GEOGRAPHIQUE = [
    "Le bus passe que toutes les heures et pas du tout le dimanche.",
    "Pour aller à la poste faut traverser toute la ville, à pied c'est 40 minutes.",
    "Il y avait une permanence de la CAF au quartier, ils l'ont supprimée.",
    "L'épicerie a fermé, maintenant faut aller au supermarché en voiture.",
    "Moi j'ai pas de voiture, pour faire les courses c'est une expédition.",
    "Les administrations devraient revenir dans le quartier, au moins une fois par semaine.",
    "Le quartier est coupé du reste de Gien, on est au bout de tout.",
    "Pour aller à la sécu il faut prendre le bus et il est jamais à l'heure.",
    "Un bureau de poste même petit, juste pour les lettres et les mandats.",
    "Le dernier bus est à 19h, après on est coincé ici.",
    "Les personnes âgées peuvent pas porter leurs courses depuis le centre ville.",
    "La CAF c'est loin, et au téléphone on tombe jamais sur quelqu'un.",
    "Il faudrait un marché une fois par semaine sur la place, les commerces sont trop loin.",
    "Le médecin est parti, le plus proche est de l'autre côté du pont.",
    "Une navette pour aller en ville, même deux fois par jour.",
    "Pour l'ANPE il faut aller en ville, et si on rate le bus on rate le rendez-vous.",
    "On a l'impression d'être oubliés, tout est loin d'ici.",
    "Une permanence de la mairie au quartier pour les papiers.",
    "Le bus s'arrête loin des immeubles, et le chemin est pas éclairé.",
    "La pharmacie la plus proche est à 2 km, sans voiture c'est dur.",
    "Les assistantes sociales devraient venir ici au lieu qu'on aille à l'UTS en ville.",
    "Les horaires du bus sont pas faits pour ceux qui travaillent tôt le matin.",
    "On avait des petits commerces, une boulangerie, tout a fermé.",
    "Un distributeur de billets dans le quartier, faut aller en ville pour retirer.",
    "Les gens sans voiture sont prisonniers du quartier.",
    "Pour les papiers de la préfecture faut aller à Orléans, c'est une journée entière.",
    "Un point poste dans une boutique du quartier, ça se fait ailleurs.",
    "Si la CAF tenait une permanence une matinée par semaine ça règlerait beaucoup de soucis.",
    "Le ticket de bus est cher pour une famille, alors on marche.",
    "Il faudrait un bus le samedi pour aller au marché de Gien.",
    "La mairie annexe a fermé il y a trois ans, depuis plus rien.",
    "Les services publics sont partis un par un : la poste, la CAF, les commerces.",
    "Quand on a pas de voiture on dépend des autres pour tout.",
    "Moi je travaille de nuit et il y a aucun bus pour rentrer.",
    "Le quartier est loin de tout : commerces, administrations, médecin.",
    "Un bureau avec quelqu'un pour aider à faire les démarches, la CAF, la sécu.",
    "Faudrait une ligne de bus directe vers la gare.",
    "Les magasins sont tous de l'autre côté de la Loire.",
    "On fait trois kilomètres à pied pour un recommandé à la poste.",
    "Le camion épicerie qui passait avant, il faudrait qu'il revienne.",
    "Pour la sécurité sociale il faudrait au moins une permanence ici.",
    "Du covoiturage entre voisins pour aller aux courses, vu que le bus passe pas.",
    "On est à l'écart, même les taxis veulent pas monter jusqu'ici.",
    "Les horaires de la poste en ville sont pas adaptés quand on travaille.",
    "Qu'on remette un arrêt de bus en bas des Montoires, près de l'école.",
    "Pour un simple papier à la mairie on perd une demi journée en bus.",
]

_AUTRE = [
    "Merci pour la réunion, c'est bien qu'on nous demande notre avis.",
    "Rien à dire, ça va.",
    "Je sais pas trop, je suis venue pour voir.",
    "C'est la première fois qu'on vient nous demander quelque chose.",
    "Est-ce que ça va servir à quelque chose cette réunion ?",
    "Bravo aux organisateurs.",
    "J'ai rien préparé, je reviendrai la prochaine fois.",
    "Il fait froid dans la salle.",
    "Vous allez faire un compte rendu ?",
    "Moi tout va bien.",
    "Pas d'avis.",
    "On peut avoir le numéro de l'assistante sociale ?",
]

# (text, intended theme): what the theme step should find, and what it curates the demo to.
DEMO_CONTRIBUTIONS: list[tuple[str, str]] = (
    [(text, LIEN_SOCIAL) for text in _LIEN_SOCIAL]
    + [(text, JEUNES) for text in _JEUNES]
    + [(text, ISOLEMENT_GEOGRAPHIQUE) for text in _ISOLEMENT_GEOGRAPHIQUE]
    + [(text, AUTRE) for text in _AUTRE]
)

# Spoken openings a facilitator noted as they came; only added before a plain statement.
_OPENINGS = ["Franchement, ", "C'est vrai que ", "Moi je trouve que ", "Bon, ", "Voilà, "]
_FIRST_PERSON = ("Moi", "Je ", "J'", "Ma ", "Mon ", "On ", "Y ", "Qu", "Un ", "Une ", "Des ")


def _kind_of(text: str) -> str:
    lowered = text.lower()
    if text.startswith(("Moi", "Je ", "J'", "Ma ", "Mon ", "Depuis", "Avant")):
        return Contribution.Kind.TESTIMONY
    if text.startswith(("Un ", "Une ", "Des ", "Qu'")) or any(
        w in lowered for w in ("faudrait", "on pourrait", "on devrait", "devraient", "il faut des")
    ):
        return Contribution.Kind.SUGGESTION
    if any(
        w in lowered
        for w in ("rien", "jamais", "pas de", "trop", "loin", "cassé", "peur", "fermé", "plus ")
    ):
        return Contribution.Kind.PROBLEM
    return Contribution.Kind.EXPECTATION


def _as_said(text: str, rng: random.Random) -> str:
    """Now and then the facilitator kept the speaker's opening words."""
    plain = not text.startswith(_FIRST_PERSON) and "?" not in text and text[1:2].islower()
    if rng.random() < 0.12 and plain:
        return rng.choice(_OPENINGS) + text[0].lower() + text[1:]
    return text


def build_consultation(story, rng: random.Random) -> None:
    """About 150 contributions over the two public meetings of 1999, half of them signed."""
    first = story.gatherings["first_public_meeting"]
    second = story.gatherings["second_public_meeting"]
    consultation = Consultation.objects.create(
        title="Mieux vivre ensemble aux Montoires",
        territory=story.territory,
        period_start=dt.date(1999, 3, 1),
        period_end=dt.date(1999, 6, 10),
        question="Qu'attendez-vous pour mieux vivre ensemble dans le quartier ?",
        status=Consultation.Status.CLOSED,
    )
    writer = User.objects.filter(username="claire").first()
    participants = {
        gathering.pk: list(
            Person.objects.filter(
                attendances__gathering=gathering,
                attendances__role=Attendance.Role.PARTICIPANT,
            ).order_by("pk")
        )
        for gathering in (first, second)
    }
    # Young speakers said their age out loud and preferred not to give their name.
    young = {"17 ans": AgeBand.UNDER_18, "Je suis jeune": AgeBand.FROM_18_TO_25}
    items = list(DEMO_CONTRIBUTIONS)
    rng.shuffle(items)
    split = 80  # the first meeting heard a little more: it opened the question
    rows: list[tuple[Contribution, str, dt.datetime]] = []
    for index, (text, theme_key) in enumerate(items):
        gathering = first if index < split else second
        order = index if index < split else index - split
        author = None
        age_band = ""
        if band := next((b for marker, b in young.items() if marker in text), None):
            age_band = band
        elif rng.random() < 0.55:
            author = rng.choice(participants[gathering.pk])
        elif rng.random() < 0.7:
            age_band = rng.choice(AgeBand.values)
        contribution = Contribution(
            consultation=consultation,
            text=_as_said(text, rng) if theme_key != AUTRE else text,
            gathering=gathering,
            channel=Contribution.Channel.MEETING,
            kind=_kind_of(text),
            author=author,
            age_band=age_band,
            said_on=gathering.start.date(),
            entered_by=writer,
            state=Contribution.State.PUBLISHED,
        )
        # Typed in during the evening of the meeting, in the order it was said.
        rows.append((contribution, theme_key, gathering.start + dt.timedelta(minutes=5 + order)))
    Contribution.objects.bulk_create([c for c, _key, _at in rows])
    for contribution, _key, typed_at in rows:
        Contribution.objects.filter(pk=contribution.pk).update(created_at=typed_at)
    story.consultation = consultation
    # Contribution pk -> intended theme key, for the theme step's demo curation.
    story.contribution_themes = {c.pk: key for c, key, _at in rows}
    build_themes(story)
    build_open_question(story)


def build_open_question(story) -> None:
    """A question open today, so that the demo's residents' path (« Donner mon avis » on the
    log-in page, the short address on posters) leads somewhere. No answer yet: they are the
    visitor's to give. Draws no randomness."""
    from django.utils import timezone

    today = timezone.localdate()
    story.open_consultation = Consultation.objects.create(
        title="Le local de l'association : vos idées",
        territory=story.territory,
        period_start=today - dt.timedelta(days=14),
        period_end=today + dt.timedelta(days=45),
        question="Qu'aimeriez-vous faire au local de l'association l'an prochain ?",
        status=Consultation.Status.OPEN,
    )


# What the team pinned for the restitution: one sentence per theme, in the residents' words.
DEMO_PINNED = {
    LIEN_SOCIAL: "La solitude c'est le plus gros problème du quartier à mon avis.",
    JEUNES: "Les jeunes sont pas méchants, ils s'ennuient c'est tout.",
    ISOLEMENT_GEOGRAPHIQUE: "On a l'impression d'être oubliés, tout est loin d'ici.",
}


def build_themes(story) -> None:
    """Run the real engine on the consultation, then curate it as the team did in 1999.

    The curation goes through the same services as the pages (merge, rename, move, pin), so it
    is deterministic whatever the engine proposes: engine themes are merged by the theme most
    of their contributions were written for, then each contribution is put where it belongs.
    No randomness is drawn: later steps see the same `rng` as before this step existed.
    """
    consultation = story.consultation
    run = start_grouping(consultation, inline=True)
    if run.status != GroupingRun.Status.DONE:
        raise RuntimeError(f"demo grouping failed: {run.message}")
    curate_demo(consultation, story.contribution_themes)
    consultation.restitution_published = True  # presented at the June 1999 restitution
    consultation.save(update_fields=["restitution_published"])


def curate_demo(consultation: Consultation, intended: dict[int, str]) -> None:
    keepers = {}
    for theme in consultation.themes.order_by("position", "pk"):
        tally = Counter(intended[pk] for pk in theme.contributions.values_list("pk", flat=True))
        key = tally.most_common(1)[0][0] if tally else AUTRE
        if key == AUTRE:
            continue  # emptied below, then removed
        if key in keepers:
            merge_themes(theme, keepers[key])
        else:
            keepers[key] = theme
    for key in DEMO_THEMES:
        if key not in keepers:  # the engine saw no such theme: the team splits one out
            pks = [pk for pk, wanted in intended.items() if wanted == key]
            source = Contribution.objects.get(pk=pks[0]).theme or consultation.themes.first()
            keepers[key] = split_theme(source, pks, DEMO_THEMES[key])
    for contribution in consultation.contributions.order_by("pk"):
        wanted = keepers.get(intended[contribution.pk])
        if contribution.theme_id != (wanted.pk if wanted else None):
            reason = "" if wanted else "Ne répond pas à la question posée."
            move_contribution(contribution, wanted, reason)
    consultation.themes.exclude(pk__in=[t.pk for t in keepers.values()]).delete()
    for position, (key, label) in enumerate(DEMO_THEMES.items()):
        theme = keepers[key]
        rename_theme(theme, label)
        theme.position = position
        theme.save(update_fields=["position"])
        pinned = next(
            c for c in theme.contributions.order_by("pk") if c.text.endswith(DEMO_PINNED[key][1:])
        )
        set_quote(pinned, True)
    refresh_salience(consultation)
    # The story's curation is months old: no way back into it is offered.
    forget_steps(consultation)
