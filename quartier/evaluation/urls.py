from django.urls import path

from quartier.evaluation import views

app_name = "evaluation"
urlpatterns: list = []
