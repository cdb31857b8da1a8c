from django.urls import path

from quartier.evaluation.views import follow_up, indicators, open_data, reports
from quartier.evaluation.views import path as path_views

app_name = "evaluation"
urlpatterns = [
    path("", indicators.index, name="index"),
    path("reseau/", indicators.network_page, name="network"),
    path("export/<slug:table>.<slug:file_format>", indicators.export, name="export"),
    path("a-rappeler/", follow_up.follow_up_list, name="follow_up"),
    path("a-rappeler.<slug:file_format>", follow_up.follow_up_export, name="follow_up_export"),
    path("a-rappeler/<int:pk>/", follow_up.follow_up_person, name="follow_up_person"),
    path("a-rappeler/<int:pk>/appel/", follow_up.follow_up_note, name="follow_up_note"),
    path("parcours/", path_views.insertion, name="insertion"),
    path("parcours/<int:pk>/", path_views.person_path, name="path"),
    path("parcours/<int:pk>/<slug:what>/", path_views.path_add, name="path_add"),
    path("donnees-ouvertes/", open_data.open_data, name="open_data"),
    path(
        "donnees-ouvertes.<slug:file_format>", open_data.open_data_export, name="open_data_export"
    ),
    path("bilan/", reports.bilan, name="bilan"),
    path("bilan.pdf", reports.bilan_pdf, name="bilan_pdf"),
]
