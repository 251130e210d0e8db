from django.urls import path

from .views import office, participant, public, registration

urlpatterns = [
    path("", public.home, name="home"),
    path("scoring/", public.scoring_rules, name="scoring-rules"),
    path("scoring/<slug:table_key>/", public.scoring_rules, name="scoring-rules-table"),
    path("accounts/signup/", registration.signup, name="signup"),
    path("accounts/signup/sent/", registration.signup_sent, name="signup-sent"),
    path("accounts/signup/resend/", registration.signup_resend, name="signup-resend"),
    path("accounts/signup/confirm/<str:token>/", registration.signup_confirm, name="signup-confirm"),
    path("organization/", registration.organization_register, name="organization-register"),
    path("organization/join/", registration.organization_join, name="organization-join"),
    path("organization/join/withdraw/", registration.join_request_withdraw, name="join-request-withdraw"),
    path("organization/profile/", registration.organization_profile, name="organization-profile"),
    path("organization/join-requests/", registration.join_requests, name="join-requests"),
    path("organization/join-requests/<int:pk>/decide/", registration.join_request_decide, name="join-request-decide"),
    # The organization's participation
    path("participation/", participant.overview, name="participation-overview"),
    path("participation/start/", participant.start, name="participation-start"),
    path("participation/<int:pk>/", participant.detail, name="participation"),
    path("participation/<int:pk>/application/", participant.application_edit, name="application-edit"),
    path("participation/<int:pk>/consent/", participant.consent, name="consent"),
    path("participation/<int:pk>/card/", participant.card_edit, name="card-edit"),
    path("participation/<int:pk>/card/points/", participant.card_points, name="card-points"),
    path("participation/<int:pk>/card/submit/", participant.card_submit, name="card-submit"),
    path("participation/<int:pk>/files/", participant.attachments, name="attachments"),
    path("participation/<int:pk>/application.pdf", participant.application_pdf, name="application-pdf"),
    path("participation/<int:pk>/card.pdf", participant.card_pdf, name="card-pdf"),
    path("files/<int:pk>/", participant.attachment_download, name="attachment-download"),
    path("files/<int:pk>/delete/", participant.attachment_delete, name="attachment-delete"),
    # The office side: the labour office's applications, the approving bodies' cards, staff's deadlines
    path("office/applications/", office.applications, name="office-applications"),
    path("office/applications/<int:pk>/", office.application_detail, name="office-application"),
    path("office/applications/<int:pk>/register/", office.application_register, name="office-application-register"),
    path("office/applications/<int:pk>/return/", office.application_return, name="office-application-return"),
    path("approvals/", office.approvals, name="approvals"),
    path("approvals/<int:pk>/", office.approval_detail, name="approval"),
    path("approvals/<int:pk>/decide/", office.approval_decide, name="approval-decide"),
    path("staff/contests/<int:pk>/deadlines/", office.deadlines, name="staff-deadlines"),
]
