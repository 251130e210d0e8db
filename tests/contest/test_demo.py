from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from contest.enums import Role, SizeCategory
from contest.models import Contest, Membership, Organization, User
from demo.management.commands.demo import DEMO_PASSWORD
from regions.models import Municipality

pytestmark = pytest.mark.django_db


def test_demo_fills_an_empty_database(capsys):
    call_command("demo")

    assert set(Contest.objects.values_list("year", flat=True)) == {2010, 2011}  # the current one and the archive
    organizations = list(Organization.objects.select_related("municipality", "sector"))
    assert len(organizations) == 13
    assert len({o.municipality.name for o in organizations}) == 4
    assert len({o.sector.code for o in organizations}) >= 6
    categories = {o.size_category for o in organizations}
    assert categories == {SizeCategory.SMALL, SizeCategory.MEDIUM_LARGE}
    for organization in organizations:
        organization.full_clean()

    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    # One person of a small district wears two hats: the labour office and the commission's secretary.
    two_hats = User.objects.get(username="abinsk")
    assert two_hats.roles == {Role.LABOUR_OFFICE, Role.MUNICIPAL_SECRETARY}
    assert two_hats.municipality_ids() == {Municipality.objects.get(name="Абинский район").pk}
    staff = User.objects.get(username="staff")
    assert staff.check_password(DEMO_PASSWORD)
    assert staff.is_staff

    out = capsys.readouterr().out
    for user in User.objects.all():
        assert user.username in out
    assert DEMO_PASSWORD in out


def test_demo_refuses_a_database_with_data():
    call_command("demo")
    with pytest.raises(CommandError, match="База данных не пуста"):
        call_command("demo")
    assert Organization.objects.count() == 13


def test_demo_if_empty_skips_quietly_a_database_with_data(capsys):
    call_command("demo")
    call_command("demo", "--if-empty")
    assert Organization.objects.count() == 13
    assert "уже есть данные" in capsys.readouterr().out


def test_demo_extends_the_2011_deadlines_openly_so_it_can_be_tried_today():
    call_command("demo", verbosity=0)
    contest = Contest.objects.get(year=2011)
    today = timezone.localdate()
    assert contest.card_deadline > today
    assert contest.application_deadline > today
    extensions = {e.kind: e for e in contest.deadline_extensions.all()}
    assert extensions["card"].old_date == date(2012, 2, 1)
    assert extensions["forwarding"].old_date == date(2012, 2, 20)
    assert extensions["card"].reason.startswith("Демонстрационные данные")


def test_demo_has_last_year_decided_with_its_papers_and_public_results(client):
    from contest.models import Certificate, Decision
    from contest.selectors import current_contest, published_contests

    call_command("demo", verbosity=0)
    archive = Contest.objects.get(year=2010)
    assert current_contest().year == 2011  # the archive does not take the start page
    assert list(published_contests()) == [archive]
    assert archive.forwarding_deadline == date(2011, 2, 20)
    regional = Decision.objects.get(contest=archive, level="regional")
    assert Decision.objects.filter(contest=archive, level="municipal").count() == 4
    # Every regional prize place has its paper: honorary for the first places, diplomas for the others.
    papers = Certificate.objects.filter(award__decision=regional)
    assert papers.count() == regional.awards.count() > 0
    assert {(c.kind, c.award.place == 1) for c in papers} == {("honorary", True), ("diploma", False)}
    response = client.get("/results/")
    assert response.status_code == 200
    assert response.context["contest"] == archive


@pytest.mark.parametrize(
    ("address", "shown"),
    [
        (None, "http://127.0.0.1:8000/accounts/login/"),
        ("127.0.0.1:8765", "http://127.0.0.1:8765/accounts/login/"),
        ("0.0.0.0:8000", "http://localhost:8000/accounts/login/"),
        ("8001", "http://localhost:8001/accounts/login/"),
        ("10.0.0.5:8000,unix:/run/portal.sock", "http://10.0.0.5:8000/accounts/login/"),
    ],
)
def test_the_demo_prints_the_address_bin_start_serves(monkeypatch, address, shown):
    from demo.management.commands.demo import login_address

    if address is None:
        monkeypatch.delenv("PORTAL_ADDRESS", raising=False)
    else:
        monkeypatch.setenv("PORTAL_ADDRESS", address)
    assert login_address() == shown
