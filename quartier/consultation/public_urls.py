"""Short public addresses, printed on posters and offered on the log-in page: /avis/ lists the
open consultations, /avis/3 leads to one's form. No account needed."""

from django.urls import path, re_path

from quartier.consultation.views import short_address

app_name = "avis"
urlpatterns = [
    path("", short_address.give_opinion, name="list"),
    # With or without the final slash: people type what the poster shows.
    re_path(r"^(?P<pk>[0-9]{1,9})/?$", short_address.go, name="go"),
]
