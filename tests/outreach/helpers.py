"""Questions to the territorial commission made through the services, for the tests of outreach."""

from contest.enums import Role
from contest.models import Organization
from outreach.services import questions as services
from tests.factories import OrganizationFactory, municipal_user, municipality, organization_user


def representative(organization: Organization | None = None, **kwargs):
    return organization_user(organization or OrganizationFactory(), **kwargs)


def member(town: str = "Краснодар", **kwargs):
    return municipal_user(Role.MUNICIPAL_MEMBER, name=town, **kwargs)


def asked(
    user=None, *, subject: str = "Как подтвердить затраты на СИЗ", text: str = "Какие документы приложить?", **kwargs
):
    """A representative's question (the representative made if not given)."""
    user = user or representative()
    return services.ask_question(
        user.organization, actor=user, topic=kwargs.pop("topic", "participation"), subject=subject, text=text, **kwargs
    )


def visitor_asked(town: str = "Краснодар", *, name: str = "Пётр Сидоров", email: str = "petr@example.ru", **kwargs):
    return services.ask_as_visitor(
        municipality(town),
        name=name,
        email=email,
        topic=kwargs.pop("topic", "general"),
        subject=kwargs.pop("subject", "Можно ли участвовать ИП"),
        text=kwargs.pop("text", "Мы — индивидуальный предприниматель, 12 работников. Можно участвовать?"),
        **kwargs,
    )


def answered(question=None, by=None, text: str = "Приложите акты выдачи СИЗ и счета."):
    question = question or asked()
    by = by or member(question.municipality.name)
    services.answer(question, actor=by, text=text)
    question.refresh_from_db()
    return question
