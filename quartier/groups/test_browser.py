"""From a theme to a working group, its session, minutes, action and proposal, on a phone."""

import datetime as dt

import pytest

from quartier.consultation.models import Consultation, Contribution, Theme
from quartier.groups.models import Action, Proposal, Session, WorkingGroup
from quartier.people.models import Organisation, Person
from quartier.testing.browser import audit_page, browser_login
from quartier.testing.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_a_theme_to_an_accepted_proposal(page, territory):
    cg = Organisation.objects.create(name="Conseil général", kind="departement")
    Organisation.objects.create(name="Commune de Gien", kind="town")
    claire = Person.objects.create(
        display_name="Claire Morin", kind="professional", organisation=cg, territory=territory
    )
    make_user("professional", username="claire", person=claire)
    aicha = Person.objects.create(display_name="Aïcha Benali", territory=territory)
    karim = Person.objects.create(display_name="Karim Ouali", territory=territory)
    # The consultation's curated theme, with what residents said about it.
    consultation = Consultation.objects.create(
        title="Mieux vivre aux Montoires",
        territory=territory,
        period_start=dt.date(2024, 1, 10),
        question="Qu'attendez-vous pour mieux vivre ensemble ici ?",
    )
    theme = Theme.objects.create(
        consultation=consultation,
        label="Les jeunes et la prévention",
        keywords=["jeunes", "soir", "prévention"],
        label_curated=True,
    )
    for author, text, pinned in [
        (aicha, "Les jeunes tournent en rond le soir, il n'y a rien pour eux.", True),
        (karim, "Il faudrait des éducateurs dans le quartier.", False),
        (None, "Un local pour les ados.", False),
    ]:
        Contribution.objects.create(
            consultation=consultation, theme=theme, author=author, text=text, is_pinned_quote=pinned
        )

    browser_login(page, "claire")
    page.goto("/groupes/")
    audit_page(page)
    page.get_by_role("link", name="Nouveau groupe de travail").click()
    page.get_by_role("heading", name="À partir d'un thème de la consultation").wait_for()
    audit_page(page)
    choice = page.locator(".theme-choice", has_text="Les jeunes et la prévention")
    assert "2 personnes à inviter" in choice.inner_text()
    choice.get_by_role("button", name="Créer le groupe « Les jeunes et la prévention »").click()
    page.get_by_role("heading", name="Les jeunes et la prévention", level=1).wait_for()
    audit_page(page)
    group = WorkingGroup.objects.get()
    assert group.theme == theme
    facts = page.locator(".facts").inner_text()
    assert "Mots-clés" not in facts  # the machine's words are not a mandate
    assert "Les jeunes tournent en rond le soir" in facts
    invited = page.locator("section", has=page.locator("#members-title"))
    assert "Aïcha Benali" in invited.inner_text() and "Karim Ouali" in invited.inner_text()
    assert "Claire Morin" in invited.inner_text()  # who clicked facilitates

    # Schedule the session that is being held tonight (already started: a past date).
    page.get_by_role("link", name="Nouvelle séance").click()
    audit_page(page)
    page.get_by_label("Début").fill("2024-03-14T18:00")
    page.get_by_label("Fin").fill("2024-03-14T20:00")
    page.get_by_label("Lieu").fill("Local de la rue des Lilas")
    page.get_by_label("Ordre du jour").fill("- Accueil\n- Idées pour les jeunes")
    page.get_by_role("button", name="Fixer la séance").click()
    page.get_by_role("heading", name="Séance du 14 mars 2024").wait_for()
    audit_page(page)

    # Attendance, with the gatherings app's fast entry embedded in the session page.
    page.get_by_label("Nom", exact=True).fill("Aïcha Benali")
    page.get_by_label("Nom", exact=True).press("Enter")
    page.locator(".attendee", has_text="Aïcha Benali").wait_for()
    audit_page(page)

    # Minutes, hostile text included: shown as typed, never run.
    page.get_by_role("link", name="Rédiger le compte rendu").click()
    audit_page(page)
    page.get_by_label("Compte rendu", exact=True).fill(
        "Les jeunes n'ont **nulle part** où aller.\n\n<script>document.title='pirate'</script>"
    )
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    minutes = page.locator("#minutes-title + p + .minutes")
    minutes.get_by_text("<script>document.title='pirate'</script>").wait_for()
    assert minutes.locator("strong", has_text="nulle part").count() == 1
    assert page.title() != "pirate"
    audit_page(page)

    # A decision, then the action it leads to.
    page.get_by_label("Décision prise").fill("Écrire au maire pour demander un club de prévention")
    page.get_by_role("button", name="Noter la décision").click()
    page.locator(".decision", has_text="club de prévention").wait_for()
    page.get_by_role("link", name="Nouvelle action").click()
    audit_page(page)
    page.get_by_label("Quoi").fill("Rédiger le courrier au maire")
    page.get_by_role("button", name="Enregistrer l'action").click()
    page.get_by_text("Indiquez qui s'en charge").wait_for()
    page.get_by_text("Indiquez pour quand").wait_for()
    audit_page(page)
    page.get_by_label("Qui s'en charge").select_option(label="Karim Ouali")
    page.get_by_label("Pour quand").fill("2030-04-01")
    page.get_by_role("button", name="Enregistrer l'action").click()
    page.get_by_role("heading", name="Séance du 14 mars 2024").wait_for()
    page.locator(".action-item", has_text="Rédiger le courrier au maire").wait_for()
    session = Session.objects.get()
    assert Action.objects.get().decided_in == session

    # The proposal to the town, decided at that session, submitted then accepted.
    page.get_by_role("link", name="Les jeunes et la prévention").first.click()
    page.get_by_role("link", name="Nouvelle proposition").click()
    audit_page(page)
    page.get_by_label("Titre").fill("Un club de prévention pour les jeunes")
    page.get_by_label("Adressée à").select_option(label="Commune de Gien")
    page.get_by_label("Décidée à la séance").select_option(index=1)
    page.get_by_label("Texte de la proposition").fill("Nous proposons un **club**.")
    page.get_by_role("button", name="Enregistrer la proposition").click()
    page.get_by_role("heading", name="Un club de prévention pour les jeunes").wait_for()
    audit_page(page)
    page.get_by_label("Nouvelle étape").select_option(label="Déposée")
    page.get_by_label("Note").fill("Courrier remis au maire")
    page.get_by_role("button", name="Noter l'étape").click()
    page.locator(".step", has_text="Courrier remis au maire").wait_for()
    page.get_by_label("Nouvelle étape").select_option(label="Acceptée")
    page.get_by_label("Note").fill("Le conseil municipal dit oui")
    page.get_by_role("button", name="Noter l'étape").click()
    page.locator(".step", has_text="Le conseil municipal dit oui").wait_for()
    audit_page(page)
    proposal = Proposal.objects.get()
    assert proposal.status == "accepted" and proposal.decided_in == session
    assert list(proposal.steps.values_list("status", flat=True)) == [
        "draft",
        "submitted",
        "accepted",
    ]

    # The next session, then the group page shows it all.
    page.get_by_role("link", name="Les jeunes et la prévention").first.click()
    page.get_by_role("link", name="Nouvelle séance").click()
    page.get_by_label("Début").fill("2030-04-10T18:00")
    page.get_by_role("button", name="Fixer la séance").click()
    page.get_by_role("heading", name="Séance du 10 avril 2030").wait_for()
    # At this session, the members approve the previous minutes.
    page.get_by_role("button", name="Les membres approuvent ce compte rendu").click()
    page.get_by_text("Compte rendu approuvé par les membres.").wait_for()
    audit_page(page)
    page.get_by_role("link", name="Les jeunes et la prévention").first.click()
    page.get_by_role("heading", name="Les jeunes et la prévention", level=1).wait_for()
    audit_page(page)
    members = page.locator("section", has=page.locator("#members-title"))
    members.get_by_text("Aïcha Benali").wait_for()  # came to the session: now a member
    assert members.get_by_text("Claire Morin").count() == 1
    next_session = page.locator("section", has=page.locator("#next-title"))
    assert "10 avril 2030" in next_session.inner_text()
    assert "1 présence" in page.locator(".trend").inner_text()
    actions = page.locator("section", has=page.locator("#actions-title"))
    assert "Rédiger le courrier au maire" in actions.inner_text()
    proposals = page.locator("section", has=page.locator("#proposals-title"))
    assert "Un club de prévention pour les jeunes" in proposals.inner_text()
    assert "Acceptée" in proposals.inner_text()
    group.refresh_from_db()
    assert group.status == WorkingGroup.Status.ACTIVE
    assert Session.objects.get(pk=session.pk).is_approved

    page.get_by_role("link", name="Groupes de travail", exact=True).first.click()
    audit_page(page)
    page.get_by_role("link", name="Ce qui est à faire").click()
    page.locator(".action-item", has_text="Rédiger le courrier au maire").wait_for()
    audit_page(page)
    page.goto(f"/groupes/{group.pk}/membres/")
    audit_page(page)


def test_the_demo_groups_read_well_on_a_phone(page):
    from quartier.demo.story import DEMO_PASSWORD
    from quartier.testing.demo import load_demo

    story = load_demo()
    youth = story.working_groups["youth"]
    browser_login(page, "claire", DEMO_PASSWORD)
    page.goto("/groupes/")
    audit_page(page)
    page.get_by_role("link", name="Jeunes et prévention").click()
    audit_page(page)
    assert page.locator(".trend li").count() == 10
    page.get_by_role("link", name="Un club de prévention pour les jeunes des Montoires").click()
    page.get_by_text("Un club de prévention spécialisée a été créé").first.wait_for()
    assert page.locator(".step").count() == 5
    audit_page(page)
    page.get_by_role("link", name="Jeunes et prévention").first.click()
    page.locator("#sessions-title + ul a").nth(1).click()  # the last one is still a draft
    page.get_by_text("Approuvé par les membres").wait_for()
    audit_page(page)
    isolation = story.working_groups["isolation"]
    page.goto(story.weekly_activities_decision.session.get_absolute_url())
    page.locator(".decision", has_text="un atelier cuisine").wait_for()
    audit_page(page)
    assert youth.pk != isolation.pk
