"""One shared set of people for access tests: per level an owner, a colleague and an outsider.

Every person is named by what they are and where they work, so that a matrix row reads as who may do what:

- organizations: `rep_own` represents the world's own organization (Краснодар), `rep_krd` another organization of the
  same municipality, `rep_sochi` an organization of another municipality; `newcomer` is a representative whose
  account is not linked to an organization yet;
- the municipal level, each in Краснодар (`_krd`, where the own organization is) and in Сочи (`_sochi`): the labour
  office, a member and the secretary of the territorial commission, the district administration (best practice), and
  the approving bodies — all three in Краснодар, the labour inspectorate also in Сочи;
- the region: a member and the secretary of the regional commission, a staff member of the department of labour;
- `no_role`: signed in, no role yet; `anonymous`: not signed in (None).
"""

from contest.enums import Role
from contest.models import Organization, User
from tests.factories import UserFactory, municipal_user, organization_user

OWN_TOWN = "Краснодар"
OTHER_TOWN = "Сочи"

# Municipal people: key → (role, municipality).
MUNICIPAL = {
    "office_krd": (Role.LABOUR_OFFICE, OWN_TOWN),
    "office_sochi": (Role.LABOUR_OFFICE, OTHER_TOWN),
    "member_krd": (Role.MUNICIPAL_MEMBER, OWN_TOWN),
    "member_sochi": (Role.MUNICIPAL_MEMBER, OTHER_TOWN),
    "secretary_krd": (Role.MUNICIPAL_SECRETARY, OWN_TOWN),
    "secretary_sochi": (Role.MUNICIPAL_SECRETARY, OTHER_TOWN),
    "inspectorate_krd": (Role.APPROVER_INSPECTORATE, OWN_TOWN),
    "sector_body_krd": (Role.APPROVER_SECTOR_BODY, OWN_TOWN),
    "unions_krd": (Role.APPROVER_UNIONS, OWN_TOWN),
    "inspectorate_sochi": (Role.APPROVER_INSPECTORATE, OTHER_TOWN),
    "district_krd": (Role.DISTRICT_ADMINISTRATION, OWN_TOWN),
    "district_sochi": (Role.DISTRICT_ADMINISTRATION, OTHER_TOWN),
}
REGIONAL = {
    "regional_member": Role.REGIONAL_MEMBER,
    "regional_secretary": Role.REGIONAL_SECRETARY,
    "staff": Role.STAFF,
}
ORGANIZATIONS = ("rep_own", "rep_krd", "rep_sochi")

# Every person, in the order the matrix reports them.
PEOPLE = ("anonymous", "no_role", "newcomer", *ORGANIZATIONS, *MUNICIPAL, *REGIONAL)

# Groups the matrix names often.
COMMISSION_KRD = frozenset({"office_krd", "member_krd", "secretary_krd"})
COMMISSION_SOCHI = frozenset({"office_sochi", "member_sochi", "secretary_sochi"})
APPROVERS_KRD = frozenset({"inspectorate_krd", "sector_body_krd", "unions_krd"})
REGIONAL_COMMISSION = frozenset({"regional_member", "regional_secretary"})
STAFF = frozenset({"staff"})
SIGNED_IN = frozenset(PEOPLE) - {"anonymous"}
EVERYONE = frozenset(PEOPLE)


def make_people(*, own: Organization, neighbour: Organization, distant: Organization) -> dict[str, User | None]:
    """Create everyone: `own` is the organization whose objects the tests look at, `neighbour` another one of its
    municipality, `distant` one of another municipality."""
    assert own.municipality.name == OWN_TOWN
    assert neighbour.municipality.name == OWN_TOWN
    assert distant.municipality.name == OTHER_TOWN
    people: dict[str, User | None] = {
        "anonymous": None,
        "no_role": UserFactory(role="", username="no_role"),
        "newcomer": UserFactory(role=Role.ORGANIZATION, organization=None, username="newcomer"),
        "rep_own": organization_user(own, username="rep_own"),
        "rep_krd": organization_user(neighbour, username="rep_krd"),
        "rep_sochi": organization_user(distant, username="rep_sochi"),
    }
    for key, (role, town) in MUNICIPAL.items():
        people[key] = municipal_user(role, name=town, username=key)
    for key, role in REGIONAL.items():
        people[key] = UserFactory(role=role, username=key)
    assert tuple(people) == PEOPLE
    return people
