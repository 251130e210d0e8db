"""Forms of the staff pages that set up next year's edition: uploading a point table document, copying a contest,
choosing a contest's table. They check only what the user typed; the services keep the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.numbers import CountField

from ..models import Contest, PointTable
from .base import CleanTextMixin

DOCUMENT_MAX_BYTES = 1024 * 1024  # a point table document is a few dozen kilobytes


class TableVersionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: PointTable) -> str:
        return _("%(title)s — %(key)s, редакция %(version)s") % {
            "title": obj.title,
            "key": obj.key,
            "version": obj.version,
        }


class TableUploadForm(CleanTextMixin, forms.Form):
    document = forms.FileField(
        label=_("Документ таблицы (JSON)"),
        help_text=_("Файл формата «ohs-point-table»: его можно скачать со страницы любой таблицы и изменить."),
        error_messages={"required": _("Выберите файл документа таблицы.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
    note = forms.CharField(
        label=_("Что изменено"),
        max_length=500,
        required=False,
        help_text=_("Необязательно: увидят все, кто выбирает таблицу."),
    )

    def clean_document(self) -> bytes:
        uploaded = self.cleaned_data["document"]
        if uploaded.size > DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(_("Файл больше 1 МБ: это не документ таблицы показателей."))
        return uploaded.read()


class CopyContestForm(CleanTextMixin, forms.Form):
    year = CountField(label=_("Конкурсный год"), min_value=2000, max_value=2100, grouped=False)
    title = forms.CharField(label=_("Наименование"), max_length=300)
    point_table = TableVersionChoice(
        label=_("Таблица оценочных показателей"),
        queryset=PointTable.objects.order_by("key", "-version"),
        empty_label=None,
    )
    application_deadline = forms.DateField(
        label=_("Приём заявок до"),
        required=False,
        help_text=_("Включительно. Пусто — срок положением не установлен."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    card_deadline = forms.DateField(
        label=_("Представление информационных карт до"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    forwarding_deadline = forms.DateField(
        label=_("Направление материалов победителей до"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    confirm = forms.BooleanField(
        label=_("Проверено: создать смотр-конкурс с этими данными"),
        error_messages={"required": _("Отметьте, что данные проверены.")},
    )


class ChooseTableForm(CleanTextMixin, forms.Form):
    """The table page: which contest should score by this table."""

    contest = forms.ModelChoiceField(
        label=_("Смотр-конкурс"),
        queryset=Contest.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Выберите смотр-конкурс из списка.")},
    )

    def __init__(self, *args, contests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contest"].queryset = contests
