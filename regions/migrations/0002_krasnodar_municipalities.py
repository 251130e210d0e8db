"""Krasnodar Krai and its 44 top-level municipal formations as of the 2011 contest (7 city okrugs, 37 districts).

Copied from shared/spec/municipalities-krasnodar.csv; the data live here so that nothing outside the project is read at run time.
Since 2025 three districts (Ленинградский, Приморско-Ахтарский, Туапсинский) are municipal okrugs; a contest keeps the list it
was run with, so a later change is a later migration.
"""

from django.db import migrations

MUNICIPALITIES = [
    ('city_okrug', 'Краснодар'),
    ('city_okrug', 'Сочи'),
    ('city_okrug', 'Новороссийск'),
    ('city_okrug', 'Армавир'),
    ('city_okrug', 'Анапа'),
    ('city_okrug', 'Геленджик'),
    ('city_okrug', 'Горячий Ключ'),
    ('district', 'Абинский район'),
    ('district', 'Апшеронский район'),
    ('district', 'Белоглинский район'),
    ('district', 'Белореченский район'),
    ('district', 'Брюховецкий район'),
    ('district', 'Выселковский район'),
    ('district', 'Гулькевичский район'),
    ('district', 'Динской район'),
    ('district', 'Ейский район'),
    ('district', 'Кавказский район'),
    ('district', 'Калининский район'),
    ('district', 'Каневской район'),
    ('district', 'Кореновский район'),
    ('district', 'Красноармейский район'),
    ('district', 'Крыловский район'),
    ('district', 'Крымский район'),
    ('district', 'Курганинский район'),
    ('district', 'Кущёвский район'),
    ('district', 'Лабинский район'),
    ('district', 'Ленинградский район'),
    ('district', 'Мостовский район'),
    ('district', 'Новокубанский район'),
    ('district', 'Новопокровский район'),
    ('district', 'Отрадненский район'),
    ('district', 'Павловский район'),
    ('district', 'Приморско-Ахтарский район'),
    ('district', 'Северский район'),
    ('district', 'Славянский район'),
    ('district', 'Староминский район'),
    ('district', 'Тбилисский район'),
    ('district', 'Темрюкский район'),
    ('district', 'Тимашевский район'),
    ('district', 'Тихорецкий район'),
    ('district', 'Туапсинский район'),
    ('district', 'Успенский район'),
    ('district', 'Усть-Лабинский район'),
    ('district', 'Щербиновский район'),
]


def add_krasnodar(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    Municipality = apps.get_model("regions", "Municipality")
    region, _ = Region.objects.get_or_create(code="krasnodar", defaults={"name": "Краснодарский край"})
    for position, (kind, name) in enumerate(MUNICIPALITIES, start=1):
        Municipality.objects.update_or_create(region=region, name=name, defaults={"kind": kind, "position": position})


def remove_krasnodar(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    Municipality = apps.get_model("regions", "Municipality")
    Municipality.objects.filter(region__code="krasnodar", name__in=[name for _, name in MUNICIPALITIES]).delete()
    Region.objects.filter(code="krasnodar", municipalities__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(add_krasnodar, remove_krasnodar)]
