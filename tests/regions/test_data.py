import pytest

from regions.models import Municipality, Region

pytestmark = pytest.mark.django_db


def test_region_krasnodar_exists_after_migrations():
    region = Region.objects.get(code="krasnodar")
    assert region.name == "Краснодарский край"


def test_municipalities_are_the_44_of_the_spec():
    municipalities = Municipality.objects.filter(region__code="krasnodar")
    assert municipalities.count() == 44
    assert municipalities.filter(kind=Municipality.Kind.CITY_OKRUG).count() == 7
    assert municipalities.filter(kind=Municipality.Kind.DISTRICT).count() == 37


def test_municipalities_keep_the_order_of_the_list():
    names = list(Municipality.objects.filter(region__code="krasnodar").values_list("name", flat=True))
    assert names[:3] == ["Краснодар", "Сочи", "Новороссийск"]
    assert names[7] == "Абинский район"
    assert names[-1] == "Щербиновский район"
    assert "Кущёвский район" in names
