"""The data migration that turned each user's one role into a membership (contest 0013): nothing is lost."""

from datetime import date

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("contest", "0012_audit_action_short")]
AFTER = [("contest", "0013_memberships")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_each_role_becomes_a_membership_with_its_scope_and_back(migrations_undone):
    old = migrate(BEFORE)
    User = old.get_model("contest", "User")
    Organization = old.get_model("contest", "Organization")
    Municipality = old.get_model("regions", "Municipality")
    Sector = old.get_model("contest", "Sector")
    Contest = old.get_model("contest", "Contest")
    Region = old.get_model("regions", "Region")
    town = Municipality.objects.get(name="Сочи")
    contest = Contest.objects.create(
        year=2099,
        title="Смотр-конкурс",
        region=Region.objects.first(),
        card_deadline=date(2100, 2, 1),
        forwarding_deadline=date(2100, 2, 20),
    )
    sector = Sector.objects.create(contest=contest, code="x", name="Отрасль", position=1)
    organization = Organization.objects.create(
        full_name="ООО «Ромашка»",
        short_name="Ромашка",
        inn="2310031475",
        ogrn="1022301598549",
        municipality=town,
        sector=sector,
        avg_headcount=10,
    )
    User.objects.create(username="office", role="labour_office", municipality=town)
    User.objects.create(username="rep", role="organization", organization=organization)
    User.objects.create(username="newcomer", role="organization")
    User.objects.create(username="staff", role="staff")
    User.objects.create(username="admin", role="", is_superuser=True)

    new = migrate(AFTER)
    Membership = new.get_model("contest", "Membership")
    held = {
        (m.user.username, m.role, m.municipality_id, m.organization_id)
        for m in Membership.objects.select_related("user")
    }
    assert held == {
        ("office", "labour_office", town.pk, None),
        ("rep", "organization", None, organization.pk),
        ("newcomer", "organization", None, None),
        ("staff", "staff", None, None),
    }
    assert new.get_model("contest", "User").objects.count() == 5  # the superuser without a role stays, with no hat

    back = migrate(BEFORE)
    roles = dict(back.get_model("contest", "User").objects.values_list("username", "role"))
    assert roles == {
        "office": "labour_office",
        "rep": "organization",
        "newcomer": "organization",
        "staff": "staff",
        "admin": "",
    }
    migrate([("contest", max_leaf())])


def max_leaf() -> str:
    executor = MigrationExecutor(connection)
    return next(name for app, name in executor.loader.graph.leaf_nodes() if app == "contest")
