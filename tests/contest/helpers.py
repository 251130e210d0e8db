"""Walk a participation through the participant's workflow with the services, step by step."""

from django.core.files.uploadedfile import SimpleUploadedFile

from contest.enums import APPROVER_ROLE_BODY, AttachmentKind, Role
from contest.models import Approval, Organization, Participation
from contest.services import participation as services
from tests.factories import COMPLETE_CARD, FILLED_APPLICATION, OrganizationFactory, municipal_user, organization_user

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "записка.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def started(contest, organization: Organization | None = None):
    organization = organization or OrganizationFactory(sector=contest.sectors.get(code="manufacturing"))
    user = organization_user(organization)
    participation = services.start_participation(organization, contest=contest, actor=user)
    return participation, user


def submitted(contest, organization: Organization | None = None):
    participation, user = started(contest, organization)
    services.update_application(participation.application, actor=user, **FILLED_APPLICATION)
    services.give_consent(participation, user=user, subject_name=user.full_name)
    services.submit_application(participation, actor=user)
    return participation, user


def registered(contest, organization: Organization | None = None):
    participation, user = submitted(contest, organization)
    office = municipal_user(Role.LABOUR_OFFICE, name=participation.organization.municipality.name)
    services.register_application(participation, actor=office, number="1")
    return participation, user


def in_approval(contest, organization: Organization | None = None):
    participation, user = registered(contest, organization)
    services.update_card(participation.card, actor=user, values=COMPLETE_CARD)
    services.send_card_for_approval(participation, actor=user)
    return participation, user


def approved(contest, organization: Organization | None = None):
    participation, user = in_approval(contest, organization)
    name = participation.organization.municipality.name
    for role, body in APPROVER_ROLE_BODY.items():
        services.decide_approval(
            Approval.objects.get(participation=participation, body=body),
            actor=municipal_user(role, name=name),
            approve=True,
        )
    services.add_attachment(participation, actor=user, kind=AttachmentKind.ANALYTICAL_NOTE, uploaded=pdf())
    return participation, user


def reload(participation: Participation) -> Participation:
    return Participation.objects.get(pk=participation.pk)


def card_submitted(contest, organization: Organization | None = None):
    participation, user = approved(contest, organization)
    services.submit_card(participation, actor=user)
    return reload(participation), user


def under_review(contest, organization: Organization | None = None):
    from contest.services import review

    participation, user = card_submitted(contest, organization)
    member = municipal_user(Role.MUNICIPAL_MEMBER, name=participation.organization.municipality.name)
    review.start_review(participation, actor=member)
    return reload(participation), user


def verified(contest, organization: Organization | None = None, **card_changes):
    """A participation checked by the commission; card_changes alter the declared card before it is submitted."""
    from contest.services import review

    if card_changes:
        participation, user = registered(contest, organization)
        services.update_card(participation.card, actor=user, values={**COMPLETE_CARD, **card_changes})
        services.send_card_for_approval(participation, actor=user)
        name = participation.organization.municipality.name
        for role, body in APPROVER_ROLE_BODY.items():
            services.decide_approval(
                Approval.objects.get(participation=participation, body=body),
                actor=municipal_user(role, name=name),
                approve=True,
            )
        services.add_attachment(participation, actor=user, kind=AttachmentKind.ANALYTICAL_NOTE, uploaded=pdf())
        services.submit_card(participation, actor=user)
        member = municipal_user(Role.MUNICIPAL_MEMBER, name=name)
        review.start_review(participation, actor=member)
    else:
        participation, user = under_review(contest, organization)
        member = municipal_user(Role.MUNICIPAL_MEMBER, name=participation.organization.municipality.name)
    review.mark_verified(reload(participation), actor=member)
    return reload(participation), user


def organization_in(contest, municipality: str = "Краснодар", sector: str = "manufacturing", **kwargs) -> Organization:
    from tests.factories import municipality as municipality_named

    return OrganizationFactory(
        municipality=municipality_named(municipality), sector=contest.sectors.get(code=sector), **kwargs
    )
