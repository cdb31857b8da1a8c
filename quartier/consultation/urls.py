from django.urls import path

from quartier.consultation.views import (
    capture,
    consultations,
    curation,
    grouping,
    importing,
    listing,
    restitution,
)

app_name = "consultation"
urlpatterns = [
    path("", consultations.ConsultationListView.as_view(), name="list"),
    path("nouvelle/", consultations.ConsultationCreateView.as_view(), name="create"),
    path("<int:pk>/", consultations.ConsultationDetailView.as_view(), name="detail"),
    path("<int:pk>/modifier/", consultations.ConsultationUpdateView.as_view(), name="update"),
    path("<int:pk>/saisie/", capture.capture, name="capture"),
    path("<int:pk>/saisie/ajouter/", capture.capture_add, name="capture_add"),
    path("<int:pk>/saisie/auteurs/", capture.author_suggestions, name="author_suggestions"),
    path("<int:pk>/saisie/auteur/", capture.author_pick, name="author_pick"),
    path("<int:pk>/contributions/", listing.ContributionListView.as_view(), name="contributions"),
    path(
        "<int:pk>/contributions/<int:contribution_pk>/modifier/",
        capture.contribution_update,
        name="contribution_update",
    ),
    path(
        "<int:pk>/contributions/<int:contribution_pk>/supprimer/",
        capture.contribution_delete,
        name="contribution_delete",
    ),
    path("<int:pk>/export/", listing.export, name="export"),
    path("<int:pk>/import/", importing.import_upload, name="import"),
    path("<int:pk>/import/<uuid:draft>/", importing.import_mapping, name="import_mapping"),
    path("<int:pk>/participer/", capture.public, name="public"),
    path("habitants/", consultations.for_residents, name="for_residents"),
    path("<int:pk>/moderation/", capture.moderation, name="moderation"),
    path(
        "<int:pk>/moderation/<int:contribution_pk>/",
        capture.moderate,
        name="moderate",
    ),
    path("<int:pk>/themes/", grouping.themes, name="themes"),
    path("<int:pk>/themes/regrouper/", grouping.grouping_start, name="grouping_start"),
    path("<int:pk>/themes/avancement/", grouping.grouping_progress, name="grouping_progress"),
    path("<int:pk>/themes/arreter/", grouping.grouping_cancel, name="grouping_cancel"),
    path("<int:pk>/themes/annuler/", curation.curation_undo, name="curation_undo"),
    path("<int:pk>/themes/hors-theme/", curation.theme_detail, name="theme_other"),
    path("<int:pk>/themes/<int:theme_pk>/", curation.theme_detail, name="theme"),
    path("<int:pk>/themes/<int:theme_pk>/renommer/", curation.theme_rename, name="theme_rename"),
    path("<int:pk>/themes/<int:theme_pk>/scinder/", curation.theme_split, name="theme_split"),
    path("<int:pk>/themes/<int:theme_pk>/action/", curation.theme_action, name="theme_action"),
    path(
        "<int:pk>/themes/contribution/<int:contribution_pk>/",
        curation.contribution_theme,
        name="contribution_theme",
    ),
    path(
        "<int:pk>/themes/propositions/<int:proposal_pk>/",
        curation.proposal_decide,
        name="proposal",
    ),
    path("<int:pk>/restitution/", restitution.restitution, name="restitution"),
    path("<int:pk>/restitution/pdf/", restitution.restitution_pdf, name="restitution_pdf"),
    path(
        "<int:pk>/restitution/publier/", restitution.restitution_publish, name="restitution_publish"
    ),
]
