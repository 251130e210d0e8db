"""The consent text is a versioned template (issue 12, item 5): the wording a person agrees to is stored as shown."""

from contest.services import participation as services


def test_the_consent_text_names_the_person_and_the_law_as_plain_text():
    text = services.consent_text("Иванова <Мария> Петровна")
    assert text.startswith("Я, Иванова <Мария> Петровна, в соответствии со статьёй 9 Федерального закона")
    assert "№ 152-ФЗ «О персональных данных»" in text
    assert text.endswith("в департамент труда и занятости населения Краснодарского края.")
    assert "{{" not in text
    assert "&lt;" not in text
    assert text.count("\n\n") == 3  # four paragraphs, as shown on the consent page
