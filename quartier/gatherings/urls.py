from django.urls import path

from quartier.gatherings import views

app_name = "gatherings"
urlpatterns = [
    path("", views.GatheringListView.as_view(), name="list"),
    path("nouvelle/", views.GatheringCreateView.as_view(), name="create"),
    path("<int:pk>/", views.GatheringDetailView.as_view(), name="detail"),
    path("<int:pk>/modifier/", views.GatheringUpdateView.as_view(), name="update"),
    path("<int:pk>/supprimer/", views.gathering_delete, name="delete"),
    path("<int:pk>/presences/", views.attendance_add, name="attendance_add"),
    path("<int:pk>/presences/suggestions/", views.attendance_suggestions, name="suggestions"),
    path(
        "<int:pk>/presences/<int:attendance_pk>/retirer/",
        views.attendance_remove,
        name="attendance_remove",
    ),
    path("<int:pk>/emargement.pdf", views.sign_in_sheet, name="sign_in_sheet"),
    path("<int:pk>/affiche.pdf", views.poster, name="poster"),
    path("agenda/<slug:slug>.ics", views.territory_calendar, name="calendar"),
]
