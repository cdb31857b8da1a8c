from django.urls import path

from quartier.evaluation.views import follow_up, indicators

app_name = "evaluation"
urlpatterns = [
    path("", indicators.index, name="index"),
    path("reseau/", indicators.network_page, name="network"),
    path("export/<slug:table>.<slug:file_format>", indicators.export, name="export"),
    path("a-rappeler/", follow_up.follow_up_list, name="follow_up"),
    path("a-rappeler.<slug:file_format>", follow_up.follow_up_export, name="follow_up_export"),
    path("a-rappeler/<int:pk>/", follow_up.follow_up_person, name="follow_up_person"),
    path("a-rappeler/<int:pk>/appel/", follow_up.follow_up_note, name="follow_up_note"),
]
