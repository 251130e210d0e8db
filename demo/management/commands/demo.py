"""Fill an empty database with the 2011 contest, a dozen organizations and one user of each role."""

import os
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from stdnum.ru import inn

from contest import samples
from contest.editions import KRASNODAR_2011
from contest.enums import CertificateKind, DeadlineKind, LegalForm, ParticipationState, Role
from contest.models import Application, AuditRecord, Contest, InfoCard, Membership, Organization, Participation, User
from contest.services import awards, decisions
from contest.services.contests import create_contest_from_edition
from contest.services.participation import extend_deadline
from contest.services.participation.cards import fill_card
from contest.validators import ogrn_check_digit
from core.exceptions import DomainError
from demo.materials import populate as populate_materials
from outreach.demo import populate as populate_outreach
from practices.demo import populate as populate_practices
from regions.models import Municipality

DEMO_PASSWORD = "demo12345"


def _inn(serial: int, *, person: bool) -> str:
    """A valid ИНН of Krasnodar Krai (region code 23): 12 digits for a person, 10 for a legal entity."""
    if person:
        body = f"23{serial:08d}"
        return body + inn.calc_personal_check_digits(body)
    body = f"23{serial:07d}"
    return body + inn.calc_company_check_digit(body)


def _ogrn(serial: int, *, person: bool) -> str:
    """A valid ОГРН (13 digits) or ОГРНИП (15 digits)."""
    body = f"30423{serial:09d}" if person else f"10223{serial:07d}"
    return body + ogrn_check_digit(body)


def login_address() -> str:
    """The sign-in page at the address bin/start serves (PORTAL_ADDRESS; on every interface, 0.0.0.0 — the page is
    then at this machine's name)."""
    address = os.environ.get("PORTAL_ADDRESS", "127.0.0.1:8000").split(",")[0].strip()
    host, _, port = address.rpartition(":")
    if host in ("0.0.0.0", "", "[::]"):
        host = "localhost"
    return f"http://{host}:{port}/accounts/login/"


@dataclass(frozen=True)
class DemoOrganization:
    full_name: str
    short_name: str
    legal_form: LegalForm
    municipality: str
    sector: str
    headcount: int
    public_share_pct: Decimal = Decimal("0")


ORGANIZATIONS = (
    DemoOrganization(
        "Общество с ограниченной ответственностью «Кубанский хлебозавод»",
        "ООО «Кубанский хлебозавод»",
        LegalForm.OOO,
        "Краснодар",
        "manufacturing",
        240,
    ),
    DemoOrganization(
        "Общество с ограниченной ответственностью «Агрофирма «Рассвет»",
        "ООО «Агрофирма «Рассвет»",
        LegalForm.OOO,
        "Краснодар",
        "agriculture",
        85,
    ),
    DemoOrganization(
        "Муниципальное унитарное предприятие «Краснодарские тепловые сети»",
        "МУП «Краснодарские тепловые сети»",
        LegalForm.MUNICIPAL_UNITARY,
        "Краснодар",
        "housing_utilities",
        650,
        Decimal("100"),
    ),
    DemoOrganization(
        "Государственное бюджетное учреждение здравоохранения «Городская поликлиника № 5»",
        "ГБУЗ «Городская поликлиника № 5»",
        LegalForm.BUDGET_INSTITUTION,
        "Краснодар",
        "healthcare",
        310,
        Decimal("100"),
    ),
    DemoOrganization(
        "Акционерное общество «Сочинская электросетевая компания»",
        "АО «Сочинская электросетевая компания»",
        LegalForm.AO,
        "Сочи",
        "energy",
        420,
    ),
    DemoOrganization(
        "Общество с ограниченной ответственностью «Черноморская строительная компания»",
        "ООО «Черноморская строительная компания»",
        LegalForm.OOO,
        "Сочи",
        "construction",
        95,
    ),
    DemoOrganization(
        "Индивидуальный предприниматель Петренко Ольга Ивановна",
        "ИП Петренко О. И.",
        LegalForm.INDIVIDUAL_ENTREPRENEUR,
        "Сочи",
        "consumer_services",
        12,
    ),
    DemoOrganization(
        "Публичное акционерное общество «Новороссийское транспортное объединение»",
        "ПАО «Новороссийское транспортное объединение»",
        LegalForm.PAO,
        "Новороссийск",
        "transport",
        1800,
    ),
    DemoOrganization(
        "Общество с ограниченной ответственностью «Связьинформ-Юг»",
        "ООО «Связьинформ-Юг»",
        LegalForm.OOO,
        "Новороссийск",
        "communications",
        60,
        Decimal("30"),
    ),
    DemoOrganization(
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 12»",
        "МБОУ СОШ № 12",
        LegalForm.BUDGET_INSTITUTION,
        "Новороссийск",
        "education",
        95,
        Decimal("100"),
    ),
    DemoOrganization(
        "Крестьянское (фермерское) хозяйство «Колос»",
        "КФХ «Колос»",
        LegalForm.PEASANT_FARM,
        "Абинский район",
        "agriculture",
        18,
    ),
    DemoOrganization(
        "Потребительский кооператив «Абинский рынок»",
        "ПК «Абинский рынок»",
        LegalForm.CONSUMER_COOPERATIVE,
        "Абинский район",
        "consumer_services",
        40,
    ),
    DemoOrganization(
        "Муниципальное бюджетное учреждение культуры «Абинский районный Дом культуры»",
        "МБУК «Абинский районный Дом культуры»",
        LegalForm.BUDGET_INSTITUTION,
        "Абинский район",
        "culture",
        35,
        Decimal("100"),
    ),
)

# username, role, municipality, organization short name, last name, first name, patronymic, position
USERS = (
    (
        "org",
        Role.ORGANIZATION,
        None,
        "ООО «Кубанский хлебозавод»",
        "Иванова",
        "Мария",
        "Петровна",
        "специалист по охране труда",
    ),
    ("org-small", Role.ORGANIZATION, None, "КФХ «Колос»", "Колесников", "Андрей", "Викторович", "глава хозяйства"),
    (
        "labour",
        Role.LABOUR_OFFICE,
        "Краснодар",
        None,
        "Сидорова",
        "Елена",
        "Николаевна",
        "главный специалист сектора по труду",
    ),
    (
        "member",
        Role.MUNICIPAL_MEMBER,
        "Краснодар",
        None,
        "Кравченко",
        "Игорь",
        "Сергеевич",
        "член территориальной комиссии",
    ),
    (
        "secretary",
        Role.MUNICIPAL_SECRETARY,
        "Краснодар",
        None,
        "Белова",
        "Ольга",
        "Андреевна",
        "секретарь территориальной комиссии",
    ),
    (
        "git",
        Role.APPROVER_INSPECTORATE,
        "Краснодар",
        None,
        "Орлов",
        "Павел",
        "Дмитриевич",
        "государственный инспектор труда",
    ),
    (
        "sector-body",
        Role.APPROVER_SECTOR_BODY,
        "Краснодар",
        None,
        "Гончаренко",
        "Наталья",
        "Юрьевна",
        "начальник отдела",
    ),
    (
        "unions",
        Role.APPROVER_UNIONS,
        "Краснодар",
        None,
        "Ткаченко",
        "Виктор",
        "Иванович",
        "председатель координационного совета",
    ),
    (
        "district",
        Role.DISTRICT_ADMINISTRATION,
        "Краснодар",
        None,
        "Мельник",
        "Светлана",
        "Олеговна",
        "заместитель главы",
    ),
    ("regional", Role.REGIONAL_MEMBER, None, None, "Захаров", "Михаил", "Александрович", "член краевой комиссии"),
    (
        "regional-secretary",
        Role.REGIONAL_SECRETARY,
        None,
        None,
        "Лысенко",
        "Анна",
        "Викторовна",
        "секретарь краевой комиссии",
    ),
    ("staff", Role.STAFF, None, None, "Романова", "Татьяна", "Геннадьевна", "консультант управления по труду"),
    (
        "abinsk",
        Role.LABOUR_OFFICE,
        "Абинский район",
        None,
        "Шевченко",
        "Галина",
        "Ивановна",
        "ведущий специалист сектора по труду, секретарь территориальной комиссии",
    ),
)

# More roles of the same people (username, role, municipality): in a small district the labour-office employee is also
# the territorial commission's secretary, with one account.
MORE_HATS = (("abinsk", Role.MUNICIPAL_SECRETARY, "Абинский район"),)


class Command(BaseCommand):
    help = "Заполняет пустую базу демонстрационными данными: смотр-конкурс 2011 года, организации, пользователи всех ролей."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Если в базе уже есть данные, ничего не делать и не считать это ошибкой.",
        )

    def handle(self, *args, if_empty: bool = False, **options):
        if Contest.objects.exists() or Organization.objects.exists() or User.objects.exists():
            if if_empty:
                self.stdout.write("В базе уже есть данные — демонстрационные данные не загружаются.")
                return
            raise CommandError("База данных не пуста: демонстрационные данные загружаются только в пустую базу.")
        try:
            # The archive's letters would go to the demo's own addresses: nobody is to read them.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
                contest = create_contest_from_edition(KRASNODAR_2011)
                organizations = self._organizations(contest)
                users = self._users(organizations)
                self._open_deadlines(contest, staff=next(u for u in users if u.has_role(Role.STAFF)))
                populate_practices(contest, {user.username: user for user in users})
                populate_outreach({user.username: user for user in users}, contest)
                populate_materials(contest, {user.username: user for user in users})
                archive = self._archive(organizations, staff=next(u for u in users if u.has_role(Role.STAFF)))
        except DomainError as error:
            raise CommandError(error.message) from error

        if options["verbosity"] == 0:
            return
        self.stdout.write(self.style.SUCCESS(f"Создан смотр-конкурс: {contest.title}"))
        self.stdout.write(f"Организаций: {len(organizations)}; пользователей: {len(users)}.")
        self.stdout.write(
            f"Архив: {archive.title} — итоги подведены, грамоты выданы (открытые итоги: /results/{archive.year}/)."
        )
        self.stdout.write(f"\nВход: {login_address()} — пароль у всех: {DEMO_PASSWORD}\n")
        width = max(len(user.username) for user in users)
        for user in users:
            self.stdout.write(f"  {user.username:<{width}}  {user.role_label}")

    def _open_deadlines(self, contest: Contest, *, staff: User) -> None:
        """The regulation's deadlines (2012) are long past; so that the demo can be tried today, staff extend them
        the way the portal records any extension — visible with its reason in the contest's deadline history."""
        today = timezone.localdate()
        reason = "Демонстрационные данные: сроки перенесены, чтобы портал можно было опробовать сегодня."
        # Later deadlines first, so that the order application ≤ card ≤ forwarding holds at every step.
        for kind, days in ((DeadlineKind.FORWARDING, 90), (DeadlineKind.CARD, 60), (DeadlineKind.APPLICATION, 30)):
            contest.refresh_from_db()
            extend_deadline(contest, kind=kind, new_date=today + timedelta(days=days), reason=reason, actor=staff)

    def _organizations(self, contest: Contest) -> dict[str, Organization]:
        municipalities = {m.name: m for m in Municipality.objects.filter(region=contest.region)}
        sectors = {s.code: s for s in contest.sectors.all()}
        created = {}
        for serial, spec in enumerate(ORGANIZATIONS, start=1):
            person = spec.legal_form in {LegalForm.INDIVIDUAL_ENTREPRENEUR, LegalForm.PEASANT_FARM}
            organization = Organization(
                full_name=spec.full_name,
                short_name=spec.short_name,
                legal_form=spec.legal_form,
                inn=_inn(serial, person=person),
                ogrn=_ogrn(serial, person=person),
                legal_address=f"{spec.municipality}, ул. Красная, д. {serial}",
                phone=f"+7 861 200-{serial:02d}-{serial:02d}",
                municipality=municipalities[spec.municipality],
                sector=sectors[spec.sector],
                headcount=spec.headcount,
                public_share_pct=spec.public_share_pct,
            )
            organization.full_clean()
            organization.save()
            created[spec.short_name] = organization
        return created

    def _users(self, organizations: dict[str, Organization]) -> list[User]:
        municipalities = {m.name: m for m in Municipality.objects.all()}
        users = {}
        for username, role, municipality, organization, last, first, patronymic, position in USERS:
            user = User(
                username=username,
                email=f"{username}@example.ru",
                last_name=last,
                first_name=first,
                patronymic=patronymic,
                position=position,
                is_staff=role == Role.STAFF,
                is_superuser=role == Role.STAFF,
            )
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
            users[username] = user
            self._hat(user, role, municipalities.get(municipality), organizations.get(organization))
        for username, role, municipality in MORE_HATS:
            self._hat(users[username], role, municipalities[municipality], None)
        return list(users.values())

    @staticmethod
    def _hat(user: User, role: str, municipality: Municipality | None, organization: Organization | None) -> None:
        membership = Membership(user=user, role=role, municipality=municipality, organization=organization)
        membership.full_clean()
        membership.save()
        user.forget_hats()

    def _archive(self, organizations: dict[str, Organization], *, staff: User) -> Contest:
        """The previous year's contest, decided at both stages, so that the results, certificates, official papers
        and the public results page can be seen at once. Its cards are entered as verified (as an archive would be)
        and the decisions, awards and certificates go through the services; its real deadlines are set at the end."""
        edition = replace(
            KRASNODAR_2011,
            key="krasnodar-2010-demo",
            year=2010,
            title=KRASNODAR_2011.title.replace("2011", "2010"),
            application_deadline=None,
            card_deadline=date(2011, 2, 1),
            forwarding_deadline=date(2011, 2, 20),
        )
        contest = create_contest_from_edition(edition)
        real_forwarding = contest.forwarding_deadline
        contest.forwarding_deadline = timezone.localdate() + timedelta(days=1)  # while the decisions are recorded
        contest.save(update_fields=["forwarding_deadline"])
        sectors = {s.code: s for s in contest.sectors.all()}
        table = contest.table
        moment = datetime(2011, 1, 25, 10, 0, tzinfo=timezone.get_current_timezone())
        # The table's sample cards in turn, with distinct totals, so that no tie needs a commission's decision.
        cards = samples.demo_cards(table, [organization.headcount for organization in organizations.values()])
        for organization, values in zip(organizations.values(), cards, strict=True):
            participation = Participation.objects.create(
                contest=contest,
                organization=organization,
                sector=sectors[organization.sector.code],
                size_category=organization.size_category,
                state=ParticipationState.VERIFIED,
            )
            Application.objects.create(
                participation=participation,
                full_name=organization.full_name,
                legal_address=organization.legal_address,
                phone=organization.phone,
                head_name="Руководитель организации",
                head_position="руководитель",
                agrees_with_regulation=True,
                data_complete_and_true=True,
                aware_of_exclusion=True,
                joint_decision=True,
                submitted_at=moment,
                registered_at=moment,
            )
            card = fill_card(InfoCard(participation=participation, women_count=0), values, table)
            card.verified_points, card.verified_total = card.declared_points, card.declared_total
            card.save()
            # The archive's cards are entered as verified, not moved there: one note says so in the history.
            AuditRecord.objects.create(
                participation=participation,
                actor=staff,
                **staff.audit_identity(),
                action="note",
                params={"text": "Архив смотра-конкурса 2010 года: карта проверена комиссией"},
                to_state=ParticipationState.VERIFIED,
            )
        for municipality_id in sorted({o.municipality_id for o in organizations.values()}):
            decisions.record_municipal_decision(
                contest, municipality_id=municipality_id, actor=staff, number="2", day=date(2011, 2, 15)
            )
        decisions.propose_regional_winners(contest, actor=staff)
        regional = decisions.record_regional_decision(contest, actor=staff, number="1-к", day=date(2011, 3, 30))
        signatory = awards.Signatory("Глава администрации (губернатор) Краснодарского края", "А. Н. Ткачёв")
        awards.issue_certificates(
            regional, actor=staff, kind=CertificateKind.HONORARY, signatory=signatory, places=awards.PLACES_FIRST
        )
        awards.issue_certificates(
            regional,
            actor=staff,
            kind=CertificateKind.DIPLOMA,
            signatory=awards.Signatory(
                "Председатель краевой межведомственной комиссии по охране труда", "В. В. Петров"
            ),
            places=awards.PLACES_OTHER,
        )
        contest.forwarding_deadline = real_forwarding
        contest.save(update_fields=["forwarding_deadline"])
        return contest
