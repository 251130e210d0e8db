"""Choices of the best-practice app: the letter's kinds of practice, report states and their moves, survey kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from contest.enums import LEGAL_FORM_KIND
from scoring import OrgKind


class PracticeKind(models.TextChoices):
    """The four kinds the letter names."""

    TECHNIQUE = "technique", _("В области техники")
    TECHNOLOGY = "technology", _("В области технологии")
    LABOUR_ORGANIZATION = "labour_organization", _("В области организации труда")
    OHS_SERVICE = "ohs_service", _("Организация работы службы охраны труда и уполномоченных профсоюза")


# What each kind covers, in the letter's words: shown next to the choice.
KIND_HINTS: dict[str, str] = {
    PracticeKind.TECHNIQUE: _("Модернизация оборудования, направленная на повышение безопасности работников."),
    PracticeKind.TECHNOLOGY: _(
        "Усовершенствование технологических процессов: предотвращение травм, сокращение времени операций, "
        "рост производительности труда."
    ),
    PracticeKind.LABOUR_ORGANIZATION: _(
        "Системный подход к управлению безопасностью труда, мотивация и поощрение, соревнования, поведенческие аудиты."
    ),
    PracticeKind.OHS_SERVICE: _(
        "Роль специалистов (службы) по охране труда и уполномоченных профсоюза во внедрении опыта, взаимодействие "
        "с подразделениями и службами предприятия."
    ),
}


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    SUBMITTED = "submitted", _("Представлен")
    RETURNED = "returned", _("Возвращён с замечаниями")
    ACCEPTED = "accepted", _("Принят")
    RECOMMENDED = "recommended", _("Рекомендован к распространению")


S = ReportState
# The organization changes the text and the files of a report only in these states.
EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})
# A report in one of these states has been filed: it counts in the quarterly summary.
FILED_STATES = frozenset({S.SUBMITTED, S.RETURNED, S.ACCEPTED, S.RECOMMENDED})
del S


class Finance(models.TextChoices):
    """Budget or commercial (the letter treats them differently), read from the legal form in the profile."""

    BUDGET = "budget", _("бюджетная организация")
    COMMERCIAL = "commercial", _("коммерческая организация")
    NONPROFIT = "nonprofit", _("иная некоммерческая организация")


_FINANCE_OF_KIND = {
    OrgKind.INSTITUTION: Finance.BUDGET,
    OrgKind.COMMERCIAL: Finance.COMMERCIAL,
    OrgKind.INDIVIDUAL_ENTREPRENEUR: Finance.COMMERCIAL,
    OrgKind.PEASANT_FARM: Finance.COMMERCIAL,
    OrgKind.UNITARY_ENTERPRISE: Finance.COMMERCIAL,
    OrgKind.CONSUMER_COOPERATIVE: Finance.NONPROFIT,
    OrgKind.NONPROFIT: Finance.NONPROFIT,
}


def finance_of(legal_form: str) -> Finance:
    """Budget (state and municipal institutions), commercial (companies, entrepreneurs, farms, ГУП/МУП) or other."""
    return _FINANCE_OF_KIND[LEGAL_FORM_KIND[legal_form]]


def legal_forms_of(finance: str) -> list[str]:
    """The legal forms that count as budget, commercial or other nonprofit: for filtering organizations."""
    return sorted(form for form in LEGAL_FORM_KIND if finance_of(form) == finance)


class SurveyKind(models.TextChoices):
    """The two surveys the letter suggests."""

    PROPOSALS = "proposals", _("Предложения работников по совершенствованию охраны труда")
    TRAINING = "training", _("Экспресс-опрос после обучения или повышения квалификации")
