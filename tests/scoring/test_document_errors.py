"""A broken table document: every error is named at once, in Russian, with its place."""

from typing import Any

from tests.scoring.documents import TINY, errors_of, tiny


def test_load_table_of_a_document_that_is_not_an_object_names_it():
    assert errors_of([1]) == ["Документ: ожидается объект JSON { … }, а не [1]."]


def test_load_table_names_unknown_and_missing_top_level_keys():
    document = tiny(colour="red")
    del document["title"]
    assert errors_of(document) == ["Документ: неизвестный ключ «colour».", "Документ: не указано название («title»)."]


def test_load_table_of_another_format_stops_at_the_format():
    document = tiny(format="excel", extra=1, inputs="x")
    assert errors_of(document) == [
        "Документ: неизвестный ключ «extra».",
        'Документ: это не таблица показателей: формат («format») должен быть «ohs-point-table», а не "excel".',
    ]


def test_load_table_of_another_version_stops_at_the_version():
    assert errors_of(tiny(version=2, inputs="x")) == [
        "Документ: версия («version») 2 не поддерживается: портал читает версию 1."
    ]
    assert errors_of(tiny(version=True)) == [
        "Документ: версия («version») true не поддерживается: портал читает версию 1."
    ]


def test_load_table_names_a_bad_key_and_an_empty_title():
    assert errors_of(tiny(key="Tiny 2030", title="")) == [
        "Документ: название («title») должно быть непустой строкой.",
        "Документ: ключ («key») «Tiny 2030»: допустимы только латинские строчные буквы, цифры и дефис, "
        "например «krasnodar-2026».",
    ]


def test_load_table_names_sections_of_the_wrong_type():
    document = tiny(inputs="x", indicators={}, readings=5, samples=None, params=[], roles=[], derived=[], checks=[])
    assert errors_of(document) == [
        "Документ: прочтения («readings») должны быть списком [ … ].",
        "Документ: параметры («params») должны быть объектом { … }.",
        "Документ: поля карты («inputs») должны быть списком [ … ].",
        "Документ: показатели («indicators») должны быть списком [ … ].",
        "Документ: роли («roles») должны быть объектом { … }.",
        "Документ: примеры («samples») должны быть списком [ … ].",
    ]


def test_load_table_names_every_error_of_the_inputs_without_follow_up_errors():
    document = tiny()
    inputs: list[Any] = document["inputs"]
    inputs[0] = {"key": "people", "lable": "x", "kind": "text", "min": "один", "max": 0.5}
    inputs[1]["min"] = True
    inputs[2]["min"] = "20"
    inputs[3]["max"] = "1"
    inputs.append("score")
    inputs.append({"label": "без ключа", "kind": "int", "unit": 5, "help": None})
    assert errors_of(document) == [
        "«Поле карты people»: неизвестный ключ «lable» (может быть, «label»?).",
        "«Поле карты people»: не указана подпись («label»).",
        "«Поле карты people»: неизвестный тип («kind») «text»: допустимы int, decimal, bool.",
        '«Поле карты people»: наименьшее значение («min») должно быть числом, а не "один".',
        "«Поле карты people»: наибольшее значение («max»): дробное число записывается строкой в кавычках, "
        'например "0.5".',
        "«Поле карты trained»: наименьшее значение («min») должно быть числом, а не true.",
        "«Поле карты score»: наименьшее значение («min») 20 больше, чем наибольшее значение («max») 10.",
        "«Поле карты ok»: у поля да/нет не бывает наименьшего и наибольшего значения («min», «max»).",
        '«Поле карты № 5»: ожидается объект { … }, а не "score".',
        "«Поле карты № 6»: не указан ключ («key»).",
        "«Поле карты № 6»: единица измерения («unit») должна быть строкой.",
        "«Поле карты № 6»: подсказка («help») должна быть строкой.",
    ]


def test_load_table_names_every_error_of_the_derived_values():
    document = tiny()
    document["derived"][0].update(
        numerator=["trained", "ghost", "ok"], denominator=[], quantum="0", fraction=["одна строка"], readings=["X9"]
    )
    document["derived"][0]["factor"] = "сто"
    document["derived"].append({"key": "sum", "label": "Сумма", "formula": "", "numerator": 5})
    assert errors_of(document) == [
        "«Производное значение share»: шаг округления («quantum») — это 1, 0.1, 0.01 и т. д.: до какого знака округляется значение.",
        "«Производное значение share»: запись дробью («fraction») — это две строки: текст над чертой и под ней.",
        "«Производное значение share»: прочтение «X9» упомянуто, но не описано в «readings».",
        "«Производное значение share»: числитель («numerator»): поле «ghost» не найдено среди полей карты («inputs»).",
        "«Производное значение share»: числитель («numerator»): поле «ok» — ответ да/нет, его нельзя складывать и делить.",
        "«Производное значение share»: знаменатель («denominator») должен быть ключом поля или списком ключей.",
        '«Производное значение share»: множитель («factor») должен быть числом, а не "сто".',
        "«Производное значение sum»: формула («formula») должна быть непустой строкой.",
        "«Производное значение sum»: числитель («numerator») должен быть ключом поля или списком ключей.",
    ]


def test_load_table_names_every_error_of_the_indicators_and_their_rules():
    document = tiny()
    indicators: list[Any] = document["indicators"]
    indicators[0]["rules"][0]["points"] = "пять"
    indicators[0]["rules"][1] = {"type": "flag", "value": True, "points": "1"}
    indicators[1]["source"] = "nowhere"
    indicators[2]["rules"] = [
        {"type": "bracket", "label": "x", "points": "1"},
        {"type": "lines"},
        {"points": "1"},
        "flag",
        {"type": "flag", "value": "да", "points": "1", "readings": ["X2"]},
    ]
    step = {"type": "step", "label": "s", "threshold": "5", "step": "0", "step_points": "1", "base_points": "1"}
    override = {"type": "override", "reading": "X3", "when": {"key": "ok", "equals": 1}, "label": "l", "text": "t"}
    indicators += [
        {"code": "D", "title": "D", "source": "score", "rules": []},
        {
            "code": "E",
            "title": "E",
            "source": "score",
            "rules": [step | {"cap_param": "cap", "cap_applies_to": "both"}, override],
            "base_readings": ["X4"],
        },
        {
            "code": "F",
            "title": "F",
            "source": "score",
            "rules": [
                override | {"reading": "X1", "when": "ok", "points": "1", "assume_value": "1"},
                override | {"reading": "X1", "when": {"key": "people", "equals": "1.5"}, "points": "1"},
                override | {"reading": "X1", "when": {"key": "score", "equals": "abc"}, "points": "1"},
            ],
        },
        "G",
    ]
    assert errors_of(document) == [
        '«Показатель A», правило 1: баллы («points») должны быть числом, а не "пять".',
        "«Показатель A», правило 2: источник «score» — число; правило вида «flag» (да/нет) к нему не подходит.",
        "«Показатель B»: источник («source») «nowhere» — не поле карты и не производное значение.",
        "«Показатель C», правило 1: источник «ok» — ответ да/нет; для него нужны правила вида «flag», а не «bracket».",
        '«Показатель C», правило 2: неизвестный вид правила («type») "lines": допустимы bracket, flag, step, override.',
        "«Показатель C», правило 3: не указан вид («type»): допустимы bracket, flag, step, override.",
        '«Показатель C», правило 4: ожидается объект { … }, а не "flag".',
        "«Показатель C», правило 5: ответ («value») должен быть логическим значением: true или false.",
        "«Показатель C», правило 5: прочтение «X2» упомянуто, но не описано в «readings».",
        "«Показатель D»: не задано ни одного правила («rules»).",
        "«Показатель E», правило 1: шаг («step») должен быть больше 0.",
        "«Показатель E», правило 1: параметр ограничения («cap_param») «cap» не задан в «params».",
        "«Показатель E», правило 1: применение ограничения («cap_applies_to») — «total» (ко всему показателю) "
        "или «increment» (к надбавке).",
        "«Показатель E», правило 2: прочтение «X3» упомянуто, но не описано в «readings».",
        "«Показатель E», правило 2: нужно указать одно из двух: баллы («points») или принимаемое значение "
        "(«assume_value»).",
        "«Показатель E», правило 2, условие: значение условия («equals»): для поля типа bool ожидается ответ да/нет "
        "(true или false), а не 1.",
        "«Показатель E»: прочтение «X4» упомянуто, но не описано в «readings».",
        "«Показатель F», правило 1: нужно указать одно из двух: баллы («points») или принимаемое значение "
        "(«assume_value»).",
        '«Показатель F», правило 1, условие: ожидается объект { … }, а не "ok".',
        "«Показатель F», правило 2, условие: значение условия («equals»): для поля типа int ожидается целое число, "
        'а не "1.5".',
        "«Показатель F», правило 3, условие: значение условия («equals»): для поля типа decimal ожидается число, "
        'а не "abc".',
        '«Показатель № 7»: ожидается объект { … }, а не "G".',
    ]


def test_load_table_names_a_step_without_its_cap_parameter():
    document = tiny(params={"other_cap": "5"})
    step = {"type": "step", "label": "s", "threshold": "5", "step": "1", "step_points": "1", "base_points": "1"}
    document["indicators"][0]["rules"][0] = step | {"cap_param": "cap"}
    document["indicators"][0]["rules"].insert(
        0, {"type": "bracket", "label": "5", "points": "1", "low": "5", "high": "5"}
    )
    assert errors_of(document) == [
        "«Показатель A», правило 2: параметр ограничения («cap_param») «cap» не задан в «params»."
    ]


def test_load_table_names_every_error_of_the_checks_roles_and_params():
    document = tiny(
        checks=[
            {"type": "not_above", "key": "ghost", "other": "people"},
            {"type": "zero_when", "key": "trained", "when": {"key": "ok", "equals": False}, "message": "m"},
            {"type": "below"},
            {},
            3,
        ],
        roles={"headcount": "ok", "leader": "people", "info_materials": "ghost", "hazardous_headcount": 5},
        params={"cap": "x", "n": "5"},
    )
    assert errors_of(document) == [
        '«Параметр cap»: значение должно быть числом, а не "x".',
        "«Проверка 1»: не указано сообщение («message»).",
        "«Проверка 1»: ключ («key»): поле «ghost» не найдено среди полей карты («inputs»).",
        '«Проверка 3»: неизвестный вид проверки («type») "below": допустимы not_above, zero_when.',
        "«Проверка 4»: не указан вид («type»): допустимы not_above, zero_when.",
        "«Проверка 5»: ожидается объект { … }, а не 3.",
        "«Роль headcount»: среднесписочная численность работников (раздел 1 карты): нужно поле типа int, "
        "а поле «ok» — типа bool.",
        "«Роль leader»: неизвестная роль: допустимы headcount, hazardous_headcount, info_materials.",
        "«Роль info_materials»: наличие информационно-аналитических материалов (требует приложить их к карте): "
        "поле «ghost» не найдено среди полей карты («inputs»).",
        "«Роль hazardous_headcount»: численность занятых во вредных и тяжёлых условиях труда (раздел 1 карты): "
        "поле 5 не найдено среди полей карты («inputs»).",
    ]


def test_load_table_names_duplicate_keys_and_codes_once_each():
    document = tiny()
    document["inputs"].append(dict(document["inputs"][0]))
    document["derived"].append({**document["derived"][0], "key": "score"})
    document["indicators"].append(document["indicators"][2])
    document["readings"].append(document["readings"][0])
    assert errors_of(document) == [
        "Документ: ключ «people» повторяется среди полей карты и производных значений: он должен быть единственным.",
        "Документ: ключ «score» повторяется среди полей карты и производных значений: он должен быть единственным.",
        "Документ: код показателя «C» повторяется: он должен быть единственным.",
        "Документ: код прочтения «X1» повторяется: он должен быть единственным.",
    ]


def test_load_table_names_every_error_of_the_samples():
    document = tiny(
        samples=[
            {"title": "Плохая", "values": {"people": 0, "score": "abc", "ok": "да", "ghost": 1}},
            {"title": "", "values": []},
            "x",
            {"values": {}},
        ]
    )
    assert errors_of(document) == [
        "«Пример 2»: название («title») должно быть непустой строкой.",
        "«Пример 2»: значения («values») должны быть объектом { … }.",
        '«Пример 3»: ожидается объект { … }, а не "x".',
        "«Пример 4»: не указано название («title»).",
        "«Пример 1: Плохая»: поле «people» — значение должно быть не меньше 1.",
        "«Пример 1: Плохая»: поле «trained» — обязательное поле.",
        "«Пример 1: Плохая»: поле «score» — введите число.",
        "«Пример 1: Плохая»: поле «ok» — ожидается логическое значение (да/нет).",
        "«Пример 1: Плохая»: поле «ghost» — неизвестный показатель.",
    ]


def test_load_table_names_a_sample_that_no_row_scores():
    document = tiny()
    document["inputs"].append(
        {"key": "opt", "label": "opt", "kind": "int", "optional_when": {"key": "ok", "equals": False}}
    )
    document["indicators"].append(
        {"code": "O", "title": "O", "source": "opt", "rules": [{"type": "bracket", "label": "любое", "points": "1"}]}
    )
    document["samples"][0]["values"]["opt"] = 3
    document["samples"].append({"title": "Без opt", "values": {"people": 4, "trained": 2, "score": "6", "ok": False}})
    assert errors_of(document) == ["«Пример 2: Без opt»: не считается: O: нет строки таблицы для значения None."]


def test_load_table_samples_are_not_checked_while_the_table_cannot_be_built():
    document = tiny(key="", samples=[{"title": "Плохая", "values": {}}, {"title": 5, "values": {}}])
    assert errors_of(document) == [
        "Документ: ключ («key») должен быть непустой строкой.",
        "«Пример 2»: название («title») должно быть непустой строкой.",
    ]


def test_load_table_turns_an_error_of_building_the_table_into_an_entry():
    document = tiny(samples=[5])
    override = {"type": "override", "reading": "X1", "when": {"key": "people", "equals": 1}, "label": "l", "text": "t"}
    document["indicators"][2]["rules"].append(override | {"assume_value": "1"})
    assert errors_of(document) == [
        "«Пример 1»: ожидается объект { … }, а не 5.",
        "Таблица: C: значение 1 не попадает ни в одну строку.",
    ]


def test_load_table_names_elements_that_are_not_objects_and_lists_that_are_not_lists_of_strings():
    document = tiny(readings=[TINY["readings"][0], "R2"], derived=[["share"]])
    document["indicators"][0]["base_readings"] = "X1"
    del document["indicators"][1]
    del document["indicators"][1]["source"]
    assert errors_of(document) == [
        '«Прочтение № 2»: ожидается объект { … }, а не "R2".',
        '«Производное значение № 1»: ожидается объект { … }, а не ["share"].',
        "«Показатель A»: прочтения показателя («base_readings») должны быть списком строк.",
        "«Показатель C»: не указан источник («source»).",
    ]
