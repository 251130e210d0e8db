"""The sample cards of the 2011 document score to their hand-computed totals."""

from decimal import Decimal as D

from scoring import get_table, score_card

KRASNODAR = get_table("krasnodar-2011")
SAMPLES = {sample.title: sample.values for sample in KRASNODAR.samples}


def test_the_2011_document_carries_four_samples_and_a_description():
    assert list(SAMPLES) == [
        "Средняя пекарня: 240 работников, один несчастный случай",
        "Проектное бюро без вредных условий труда (R4: медосмотры не требуются)",
        "Завод без раздела «Охрана труда» в колдоговоре и без совместного комитета (R5)",
        "Небольшой магазин: 12 работников",
    ]
    assert KRASNODAR.description.startswith("Таблица оценочных показателей (Приложение № 3)")


def test_bakery_sample_scores_98():
    # K1/1 Кт = 12 / 1 = 12,0 → 1,5; K1/2 Кч = 1000 / 240 = 4,16… → 4,2 → 0; K2 95 % → 2; K3 100 % → 5;
    # K4–K10 да: 5 + 3 + 10 + 3 + 10 + 5 + 6 = 42; K11 нет 0; K12 72,5 % → 10; K13 нет 0; K14 100 % → 10; K15 5;
    # K16 100 % → 6; K17/1 10; K17/2 90 % → 3; K18 1 500 000 / 240 = 6250 руб. → 3 + 0,5 × 1 = 3,5; K19 нет 0.
    result = score_card(SAMPLES["Средняя пекарня: 240 работников, один несчастный случай"])
    assert result.total == D("98.0")
    assert (result.points["K1/1"], result.points["K1/2"], result.points["K18"]) == (D("1.5"), D(0), D("3.5"))


def test_office_sample_without_hazardous_workers_scores_k14_by_r4():
    result = score_card(SAMPLES["Проектное бюро без вредных условий труда (R4: медосмотры не требуются)"])
    assert result.line("K14").readings == ("R4",)
    assert (result.points["K14"], result.points["K4"], result.points["K18"], result.total) == (
        D(10),
        D(0),
        D(2),
        D(130),
    )


def test_plant_sample_without_agreement_section_and_committee_scores_k16_and_k17_2_by_r5():
    result = score_card(SAMPLES["Завод без раздела «Охрана труда» в колдоговоре и без совместного комитета (R5)"])
    assert result.line("K16").readings == result.line("K17/2").readings == ("R5",)
    assert (result.points["K16"], result.points["K17/2"]) == (D(0), D(0))
    # 0,5 + 0 + 1 + 3 + (5 + 3 + 10 + 0 + 10 + 5 + 0) + 0 + 5 + 0 + 5 + 0 + 0 + 10 + 0 + 3,5 + 0
    assert result.total == D("61.0")


def test_small_shop_sample_scores_81():
    # 10 + 10 + 5 + 0 + (0 + 3 + 0 + 3 + 10 + 5 + 0) + 0 + 15 + 0 + 10 + 0 + 0 + 10 + 0 + 0 (2500 руб.) + 0
    result = score_card(SAMPLES["Небольшой магазин: 12 работников"])
    assert result.derived["spending_per_worker"] == D(2500)
    assert result.total == D(81)
