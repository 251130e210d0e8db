"""Forms of data exchange: the upload of a workbook with paper cards, and the organization's details as a paper
application gives them (the profile form's rules, fed by the import row by row)."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ..models import Application
from .base import CleanTextMixin
from .registration import OrganizationForm

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class PaperOrganizationForm(OrganizationForm):
    """The organization profile's rules (ИНН, ОГРН and the legal form, phone, ranges) for a row of the paper-card
    workbook. A paper application (Приложение № 1) gives no e-mail, so it may stay empty here."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = False


class PaperImportForm(CleanTextMixin, forms.Form):
    file = forms.FileField(
        label=_("Файл Excel с картами (.xlsx)"),
        help_text=_("Заполненный шаблон, не более %(size)s.") % {"size": filesizeformat(MAX_IMPORT_BYTES)},
        error_messages={"required": _("Выберите файл Excel, заполненный по шаблону.")},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


class PaperApplicationForm(CleanTextMixin, forms.ModelForm):
    """The application's details a paper form of Приложение № 1 gives besides the organization's: the model's rules."""

    class Meta:
        model = Application
        fields = ("head_name", "head_position", "registration_number")
