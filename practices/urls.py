"""Addresses of the best-practice app: the organization's and the administration's pages under practices/ (signed in),
the anonymous survey link under practices/s/, explanatory events under events/, and the public library (with the
events' materials) under library/."""

from django.urls import path

from .views import events, library, organization, review, surveys

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
    # Explanatory events: the organizer (district administration, staff) and the invited organizations
    path("events/", events.events, name="events"),
    path("events/new/", events.event_new, name="event-new"),
    path("events/<int:pk>/", events.event_detail, name="event"),
    path("events/<int:pk>/edit/", events.event_edit, name="event-edit"),
    path("events/<int:pk>/cancel/", events.event_cancel, name="event-cancel"),
    path("events/<int:pk>/register/", events.event_register, name="event-register"),
    path("events/<int:pk>/register/withdraw/", events.event_withdraw, name="event-withdraw"),
    path("events/<int:pk>/materials/", events.event_materials, name="event-materials"),
    path("events/<int:pk>/registrations.xlsx", events.event_registrations_xlsx, name="event-registrations-xlsx"),
    path("events/materials/<int:pk>/delete/", events.event_material_delete, name="event-material-delete"),
    # The public library
    path("library/", library.index, name="library"),
    path("library/<int:pk>/", library.detail, name="library-detail"),
    path("library/materials/<int:pk>/", library.material, name="library-material"),
    path("library/events/", library.events, name="library-events"),
    path("library/events/<int:pk>/", library.event_detail, name="library-event"),
    path("library/events/materials/<int:pk>/", library.event_material, name="library-event-material"),
]
