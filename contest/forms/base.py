"""What every form of the portal shares: typed text is cleaned of control characters before the fields see it.

Every form of contest.forms and practices.forms starts with CleanTextMixin (a test keeps it so). A value with a
control character pasted from somewhere (a PDF, a spreadsheet) is saved without it: it would only break the
workbooks and printed documents made from it later. The paper-card import feeds its rows to these forms too.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.search import SEARCH_MAX_LENGTH

from ..validators import strip_control_characters


def search_field(**attrs: str) -> forms.CharField:
    """The search box of a list (``q``): an organization by name or ИНН (core.search.by_name_or_inn); ``attrs`` for
    its input."""
    return forms.CharField(
        label=_("Поиск по наименованию или ИНН"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", **attrs}),
    )


class CleanTextMixin:
    """Before the fields are cleaned, every text field's data loses its control characters
    (validators.strip_control_characters): a Textarea keeps its line breaks and tabs, a one-line field gets spaces
    for them. Passwords are left as typed. The form shows the cleaned text when it is displayed again."""

    def full_clean(self) -> None:
        if self.is_bound:
            self.data = self._without_control_characters(self.data)
        super().full_clean()

    def _without_control_characters(self, data):
        text_fields = {
            self.add_prefix(name): isinstance(field.widget, forms.Textarea)
            for name, field in self.fields.items()
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)
        }
        present = [key for key in text_fields if key in data]
        if not present:
            return data

        def clean(value, multiline: bool):
            return strip_control_characters(value, multiline=multiline) if isinstance(value, str) else value

        if hasattr(data, "getlist"):  # a QueryDict (immutable as the request gives it) or a MultiValueDict
            data = data.copy()
            for key in present:
                data.setlist(key, [clean(value, text_fields[key]) for value in data.getlist(key)])
        else:
            data = dict(data)
            for key in present:
                data[key] = clean(data[key], text_fields[key])
        return data
