"""Addresses of the outreach app: consultations of the territorial commission under consultations/ (signed in; the
visitor's form and signed link under consultations/visitor/), the public FAQ under faq/, the contest's announcements
under announcements/ (public) and outreach/ (writing, sending, the employers' addresses, coordination)."""

from django.urls import path

from .views import announcements, asker, commission, public, visitor

app_name = "outreach"

urlpatterns = [
    # A representative: ask, the organization's questions
    path("consultations/", asker.my_questions, name="my-questions"),
    path("consultations/ask/", asker.ask, name="ask"),
    # The thread, shared by the asker's organization, the commission of the municipality and staff
    path("consultations/<int:pk>/", asker.question_detail, name="question"),
    path("consultations/<int:pk>/reply/", asker.question_reply, name="question-reply"),
    path("consultations/<int:pk>/publication/", asker.publish, name="question-publish"),
    path("consultations/<int:pk>/withdraw/", asker.withdraw, name="question-withdraw"),
    path("consultations/files/<int:pk>/", asker.attachment, name="attachment"),
    # The territorial commission's list
    path("consultations/commission/", commission.questions, name="commission-questions"),
    # A visitor without an account: the form, the thread behind the letter's signed link
    path("consultations/visitor/", visitor.ask, name="ask-visitor"),
    path("consultations/visitor/<str:token>/", visitor.thread, name="visitor-thread"),
    path("consultations/visitor/<str:token>/files/<int:pk>/", visitor.attachment, name="visitor-attachment"),
    # The public FAQ
    path("faq/", public.faq, name="faq"),
    # The contest's announcements: public; the unsubscribe link of their letters
    path("announcements/", public.announcements, name="announcements"),
    path("announcements/<int:pk>/", public.announcement, name="announcement"),
    path("announcements/<int:pk>/document/", public.announcement_document, name="announcement-document"),
    path("unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
    # The department and the territorial commissions: writing and sending them, the employers' addresses, coordination
    path("outreach/announcements/", announcements.manage, name="manage-announcements"),
    path("outreach/announcements/new/", announcements.new, name="announcement-new"),
    path("outreach/announcements/<int:pk>/edit/", announcements.edit, name="announcement-edit"),
    path("outreach/announcements/<int:pk>/publication/", announcements.publication, name="announcement-publication"),
    path("outreach/announcements/<int:pk>/mailing/", announcements.mailing, name="announcement-mailing"),
    path("outreach/announcements/<int:pk>/send/", announcements.send, name="announcement-send"),
    path("outreach/employers/", announcements.employers, name="employers"),
    path("outreach/employers/template.xlsx", announcements.employers_template, name="employers-template"),
    path("outreach/employers/<int:pk>/delete/", announcements.employer_delete, name="employer-delete"),
    path("outreach/coordination/", announcements.coordination, name="coordination"),
]
