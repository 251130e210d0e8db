"""Counts with a noun in the three Russian plural forms, through ngettext and the catalog locale/ru (issue 15)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import ngettext

CATALOG = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES"


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1 участник"),
        (2, "2 участника"),
        (4, "4 участника"),
        (5, "5 участников"),
        (11, "11 участников"),
        (12, "12 участников"),
        (21, "21 участник"),
        (22, "22 участника"),
        (25, "25 участников"),
        (111, "111 участников"),
        (0, "0 участников"),
    ],
)
def test_a_count_takes_the_russian_form_of_its_noun(n, text):
    with translation.override("ru"):
        assert ngettext("%(n)s участник", "%(n)s участника", n) % {"n": n} == text


def test_rows_and_days_are_counted_in_three_forms():
    with translation.override("ru"):
        rows = [ngettext("%(n)s строка в таблицах", "%(n)s строки в таблицах", n) % {"n": n} for n in (1, 3, 7)]
        days = [
            ngettext(
                "Срок действия ссылки истёк: ссылка действует %(days)s день.",
                "Срок действия ссылки истёк: ссылка действует %(days)s дня.",
                n,
            )
            % {"days": n}
            for n in (1, 3, 5)
        ]
    assert rows == ["1 строка в таблицах", "3 строки в таблицах", "7 строк в таблицах"]
    assert [text.rsplit(" ", 2)[-2:] for text in days] == [["1", "день."], ["3", "дня."], ["5", "дней."]]


@pytest.mark.parametrize(("days", "words"), [(1, "1 день"), (3, "3 дня"), (7, "7 дней")])
def test_the_sign_up_letter_says_how_long_its_link_lasts(days, words):
    with translation.override("ru"):
        text = render_to_string(
            "registration/signup_email.txt",
            {"user": None, "link": "https://portal/x", "base_url": "https://portal", "days": days},
        )
    assert f"(она действует {words}):" in text


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) is not installed")
def test_the_compiled_catalog_is_the_catalog(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(CATALOG / "django.po")], check=True)
    assert compiled.read_bytes() == (CATALOG / "django.mo").read_bytes(), "run manage.py compilemessages"
