"""The registry of action codes: an entry is rendered from its code and params at display."""

import pytest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from contest.models import AuditRecord
from core import audit


def test_a_code_renders_its_text_with_the_params():
    assert audit.render("card.approved", {"body": "Государственная инспекция труда"}) == (
        "Карта согласована: Государственная инспекция труда"
    )
    assert audit.render("stage2.proposed", {"group": "малый бизнес, Строительство", "place": 2}) == (
        "Предложена краевой комиссией: малый бизнес, Строительство, 2 место"
    )


def test_a_sentence_kept_from_before_the_codes_reads_word_for_word():
    assert audit.render(audit.NOTE, {"text": "Архив: карта проверена"}) == "Архив: карта проверена"
    assert audit.render("unknown.code", {"text": "Старая запись"}) == "Старая запись"
    assert audit.render("unknown.code") == "unknown.code"


def test_missing_params_leave_the_text_readable():
    assert audit.render("card.approved") == "Карта согласована: %(body)s"


def test_a_code_is_registered_once_and_short():
    audit.register("test.once", _("Один раз"))
    assert audit.register("test.once", _("Один раз")) == "test.once"
    with pytest.raises(ValueError, match="already registered"):
        audit.register("test.once", _("Другой текст"))
    with pytest.raises(ValueError, match="at most 64"):
        audit.register("x" * 65, _("Слишком длинный код"))


def test_the_entry_renders_in_the_active_language():
    entry = AuditRecord(action="review.verified", params={})
    with override("ru"):
        assert entry.text == "Карта проверена комиссией"
    assert str(entry.text) == entry.text
