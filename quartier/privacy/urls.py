from django.urls import path

from quartier.privacy import views

app_name = "privacy"
urlpatterns = [
    path("journal/", views.audit_log, name="audit_log"),
    path("personnes/<int:pk>/", views.person_export, name="person_export"),
    path("personnes/<int:pk>/export.json", views.person_export_json, name="person_export_json"),
    path("personnes/<int:pk>/export.pdf", views.person_export_pdf, name="person_export_pdf"),
    path("personnes/<int:pk>/effacer/", views.person_erase, name="person_erase"),
    path("personnes/<int:pk>/consentements/nouveau/", views.consent_add, name="consent_add"),
    path(
        "personnes/<int:pk>/consentements/<int:consent_pk>/retirer/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
]
