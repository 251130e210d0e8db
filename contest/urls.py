from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("scoring/", views.scoring_rules, name="scoring-rules"),
    path("scoring/<slug:table_key>/", views.scoring_rules, name="scoring-rules-table"),
]
