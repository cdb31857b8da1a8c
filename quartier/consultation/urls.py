from django.urls import path

from quartier.consultation import views

app_name = "consultation"
urlpatterns = [
    path("", views.ConsultationListView.as_view(), name="list"),
    path("nouvelle/", views.ConsultationCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ConsultationDetailView.as_view(), name="detail"),
    path("<int:pk>/modifier/", views.ConsultationUpdateView.as_view(), name="update"),
    path("<int:pk>/saisie/", views.capture, name="capture"),
    path("<int:pk>/saisie/ajouter/", views.capture_add, name="capture_add"),
    path("<int:pk>/saisie/auteurs/", views.author_suggestions, name="author_suggestions"),
    path("<int:pk>/saisie/auteur/", views.author_pick, name="author_pick"),
    path("<int:pk>/contributions/", views.ContributionListView.as_view(), name="contributions"),
    path(
        "<int:pk>/contributions/<int:contribution_pk>/modifier/",
        views.contribution_update,
        name="contribution_update",
    ),
    path(
        "<int:pk>/contributions/<int:contribution_pk>/supprimer/",
        views.contribution_delete,
        name="contribution_delete",
    ),
    path("<int:pk>/export/", views.export, name="export"),
    path("<int:pk>/import/", views.import_upload, name="import"),
    path("<int:pk>/import/<uuid:draft>/", views.import_mapping, name="import_mapping"),
    path("<int:pk>/participer/", views.public, name="public"),
    path("habitants/", views.for_residents, name="for_residents"),
    path("<int:pk>/moderation/", views.moderation, name="moderation"),
    path(
        "<int:pk>/moderation/<int:contribution_pk>/",
        views.moderate,
        name="moderate",
    ),
    path("<int:pk>/themes/", views.themes, name="themes"),
    path("<int:pk>/themes/regrouper/", views.grouping_start, name="grouping_start"),
    path("<int:pk>/themes/avancement/", views.grouping_progress, name="grouping_progress"),
    path("<int:pk>/themes/hors-theme/", views.theme_detail, name="theme_other"),
    path("<int:pk>/themes/<int:theme_pk>/", views.theme_detail, name="theme"),
    path("<int:pk>/themes/<int:theme_pk>/renommer/", views.theme_rename, name="theme_rename"),
    path("<int:pk>/themes/<int:theme_pk>/scinder/", views.theme_split, name="theme_split"),
    path("<int:pk>/themes/<int:theme_pk>/action/", views.theme_action, name="theme_action"),
    path(
        "<int:pk>/themes/contribution/<int:contribution_pk>/",
        views.contribution_theme,
        name="contribution_theme",
    ),
    path(
        "<int:pk>/themes/propositions/<int:proposal_pk>/",
        views.proposal_decide,
        name="proposal",
    ),
    path("<int:pk>/restitution/", views.restitution, name="restitution"),
    path("<int:pk>/restitution/pdf/", views.restitution_pdf, name="restitution_pdf"),
    path("<int:pk>/restitution/publier/", views.restitution_publish, name="restitution_publish"),
]
