from django.urls import path

from quartier.groups import views

app_name = "groups"
urlpatterns = [
    path("", views.group_list, name="list"),
    path("nouveau/", views.group_create, name="create"),
    path("depuis-un-theme/<int:pk>/", views.create_from_theme, name="create_from_theme"),
    path("a-faire/", views.due, name="due"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/modifier/", views.group_update, name="update"),
    path("<int:pk>/membres/", views.members, name="members"),
    path("<int:pk>/membres/<int:membership_pk>/depart/", views.member_leave, name="member_leave"),
    path("<int:pk>/seances/nouvelle/", views.session_create, name="session_create"),
    path("<int:pk>/a-faire/", views.group_due, name="group_due"),
    path("<int:pk>/actions/nouvelle/", views.action_create, name="action_create"),
    path("<int:pk>/propositions/nouvelle/", views.proposal_create, name="proposal_create"),
    path("<int:pk>/invitations.pdf", views.invitation_letters, name="invitations"),
    path("<int:pk>/rappels/", views.send_reminders, name="reminders"),
    path("<int:pk>/agenda.ics", views.group_calendar, name="calendar"),
    path("seances/<int:pk>/", views.session_detail, name="session"),
    path("seances/<int:pk>/compte-rendu/", views.minutes_edit, name="minutes"),
    path("seances/<int:pk>/decisions/", views.decision_add, name="decision_add"),
    path("seances/<int:pk>/approuver/", views.approve, name="approve"),
    path("actions/<int:pk>/modifier/", views.action_update, name="action_update"),
    path("propositions/<int:pk>/", views.proposal_detail, name="proposal"),
    path("propositions/<int:pk>/modifier/", views.proposal_update, name="proposal_update"),
    path("propositions/<int:pk>/etapes/", views.proposal_step, name="proposal_step"),
    path("propositions/<int:pk>/documents/", views.document_add, name="document_add"),
    path("documents/<int:pk>/", views.document_download, name="document"),
]
