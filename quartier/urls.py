from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from quartier.core.views import accessibility
from quartier.gatherings.views import home
from quartier.privacy.views import ThrottledLoginView

urlpatterns = [
    path("", home, name="home"),
    path("connexion/", ThrottledLoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("accessibilite/", accessibility, name="accessibility"),
    path("rencontres/", include("quartier.gatherings.urls")),
    path("personnes/", include("quartier.people.urls")),
    path("consultations/", include("quartier.consultation.urls")),
    # Short public addresses (printed on posters): the open consultations, without an account.
    path("avis/", include("quartier.consultation.public_urls")),
    path("groupes/", include("quartier.groups.urls")),
    path("activites/", include("quartier.activities.urls")),
    path("association/", include("quartier.association.urls")),
    path("diagnostic/", include("quartier.diagnosis.urls")),
    path("evaluation/", include("quartier.evaluation.urls")),
    path("donnees-personnelles/", include("quartier.privacy.urls")),
    # Public like the log-in page it is offered on (LoginRequiredMiddleware guards the rest).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
