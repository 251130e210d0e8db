"""Addresses of the best-practice app: the organization's and the administration's pages under practices/ (signed in),
the anonymous survey link under practices/s/, and the public library under library/."""

from django.urls import path

from .views import library, organization, review, surveys

app_name = "practices"

urlpatterns = [
    # The organization: reports, materials, "nothing new"
    path("practices/", organization.index, name="index"),
    path("practices/new/", organization.report_new, name="report-new"),
    path("practices/nothing-new/", organization.nothing_new, name="nothing-new"),
    path("practices/<int:pk>/", organization.report_detail, name="report"),
    path("practices/<int:pk>/edit/", organization.report_edit, name="report-edit"),
    path("practices/<int:pk>/submit/", organization.report_submit, name="report-submit"),
    path("practices/<int:pk>/delete/", organization.report_delete, name="report-delete"),
    path("practices/<int:pk>/publication/", organization.report_publication, name="report-publication"),
    path("practices/<int:pk>/materials/", organization.material_add, name="material-add"),
    path("practices/materials/<int:pk>/", organization.material_download, name="material"),
    path("practices/materials/<int:pk>/delete/", organization.material_delete, name="material-delete"),
    # Surveys of the organization's workers; the anonymous answer link
    path("practices/surveys/", surveys.surveys, name="surveys"),
    path("practices/surveys/<int:pk>/", surveys.survey_detail, name="survey"),
    path("practices/surveys/<int:pk>/open/", surveys.survey_toggle, name="survey-toggle"),
    path("practices/answers/<int:pk>/report/", surveys.answer_to_report, name="answer-report"),
    path("practices/s/<str:token>/", surveys.answer, name="survey-answer"),
    # The district administration: review and the quarterly summary
    path("practices/review/", review.reports, name="review"),
    path("practices/<int:pk>/review/", review.decide, name="report-review"),
    path("practices/summary/", review.summary, name="summary-current"),
    path("practices/summary/<int:year>/<int:quarter>/", review.summary, name="summary"),
    path("practices/summary/<int:year>/<int:quarter>/summary.xlsx", review.summary_xlsx, name="summary-xlsx"),
    # The public library
    path("library/", library.index, name="library"),
    path("library/<int:pk>/", library.detail, name="library-detail"),
    path("library/materials/<int:pk>/", library.material, name="library-material"),
]
