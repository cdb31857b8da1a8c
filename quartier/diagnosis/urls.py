from django.urls import path

from quartier.diagnosis import views

app_name = "diagnosis"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_upload, name="import"),
    path("import/<uuid:draft>/", views.import_preview, name="import_preview"),
    path("statistiques/<int:pk>/", views.dataset_detail, name="dataset"),
    path("statistiques/<int:pk>/portrait.pdf", views.dataset_pdf, name="dataset_pdf"),
    path("statistiques/<int:pk>/export/", views.dataset_export, name="dataset_export"),
    path("statistiques/<int:pk>/supprimer/", views.dataset_delete, name="dataset_delete"),
    path("faits/nouveau/", views.fact_create, name="fact_create"),
]
