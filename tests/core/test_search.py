"""The lists' search: Russian names in any case (ё as е) on SQLite as on PostgreSQL, an ИНН by its first digits."""

import pytest

from contest.models import Organization
from core.search import by_name_or_inn, fold
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def found(text: str) -> set[str]:
    return set(Organization.objects.filter(by_name_or_inn(text, organization="")).values_list("inn", flat=True))


@pytest.fixture
def organizations():
    OrganizationFactory(full_name="ООО «Кубань-Агро»", short_name="Кубань-Агро", inn="2309123457")
    OrganizationFactory(full_name="АО «Тёплый дом»", short_name="", inn="2310987654")


def test_fold_casefolds_reads_yo_as_ye_and_joins_spaces():
    assert fold("  ТЁПЛЫЙ   Дом ") == "теплый дом"


@pytest.mark.parametrize("text", ["кубань", "КУБАНЬ", "кУбАнЬ-агро", "«Кубань"])
def test_a_name_in_any_case(organizations, text):
    assert found(text) == {"2309123457"}


def test_yo_and_ye_find_each_other(organizations):
    assert found("теплый") == found("тёплый") == {"2310987654"}


def test_an_inn_by_its_first_digits_not_from_the_middle(organizations):
    assert found("2309") == {"2309123457"}
    assert found("23") == {"2309123457", "2310987654"}
    assert found("123457") == set()


def test_an_empty_search_finds_everything_and_nothing_matches_nothing(organizations):
    assert len(found("   ")) == 2
    assert found("Прибой") == set()
