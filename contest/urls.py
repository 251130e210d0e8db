from django.urls import path

from .views import public

urlpatterns = [
    path("", public.home, name="home"),
    path("scoring/", public.scoring_rules, name="scoring-rules"),
    path("scoring/<slug:table_key>/", public.scoring_rules, name="scoring-rules-table"),
]
