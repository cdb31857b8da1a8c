from django.urls import path

from quartier.people import views

app_name = "people"
urlpatterns = [
    path("", views.PersonListView.as_view(), name="list"),
    path("nouvelle/", views.PersonCreateView.as_view(), name="create"),
    path("<int:pk>/", views.PersonDetailView.as_view(), name="detail"),
    path("<int:pk>/modifier/", views.PersonUpdateView.as_view(), name="update"),
    path("<int:pk>/fusionner/", views.person_merge, name="merge"),
    path("<int:pk>/supprimer/", views.person_delete, name="delete"),
]
