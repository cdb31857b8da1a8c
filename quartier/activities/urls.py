from django.urls import path

from quartier.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("nouvelle/", views.activity_create, name="create"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/modifier/", views.activity_update, name="update"),
    path("<int:pk>/planifier/", views.plan, name="plan"),
    path("<int:pk>/dates/nouvelle/", views.session_create, name="session_create"),
    path("<int:pk>/agenda.ics", views.activity_calendar, name="calendar"),
    path("agenda/<slug:slug>.ics", views.territory_calendar, name="territory_calendar"),
    path("programme/<slug:slug>/<int:year>-<int:month>.pdf", views.month_pdf, name="month_pdf"),
    path("seances/<int:pk>/", views.session_detail, name="session"),
    path("seances/<int:pk>/presence/<int:person_pk>/", views.toggle, name="toggle"),
    path("seances/<int:pk>/nouvelle-personne/", views.newcomer, name="newcomer"),
    path("seances/<int:pk>/sans-nom/", views.guests, name="guests"),
    path("seances/<int:pk>/animation/", views.facilitators, name="facilitators"),
    path("seances/<int:pk>/annuler/", views.cancel, name="cancel"),
    path("seances/<int:pk>/retablir/", views.reinstate, name="reinstate"),
]
