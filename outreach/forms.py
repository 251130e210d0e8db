"""Forms of the consultations: asking (a representative, a visitor), writing in the thread, publishing to the FAQ, the
commission's list and the public FAQ's filters. Every form starts with CleanTextMixin, as the contest's forms do."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from contest.forms.base import CleanTextMixin, search_field
from regions.models import Municipality

from .enums import MailingFilter, QuestionFilter, QuestionTopic
from .models import SUBJECT_MAX_LENGTH, TEXT_MAX_LENGTH, Announcement

FILE_HELP = _("Необязательно. PDF, JPEG, PNG, DOCX, ODT или XLSX, до 20 МБ.")


def _text_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Напишите текст сообщения."),
            "max_length": _(
                "Текст длиннее %(limit_value)d знаков (сейчас %(show_value)d): сократите его или приложите файл."
            ),
        },
    )


class MessageForm(CleanTextMixin, forms.Form):
    """A message of the thread: text and an optional file."""

    text = _text_field(_("Сообщение"))
    file = forms.FileField(label=_("Файл"), required=False, help_text=FILE_HELP)


class QuestionForm(MessageForm):
    """A representative's question to the territorial commission of the organization's municipality."""

    field_order = ["topic", "subject", "text", "file"]

    topic = forms.ChoiceField(
        label=_("О чём вопрос"),
        choices=QuestionTopic.choices,
        initial=QuestionTopic.PARTICIPATION,
        widget=forms.RadioSelect,
        error_messages={"required": _("Выберите, о чём вопрос.")},
    )
    subject = forms.CharField(
        label=_("Тема"),
        max_length=SUBJECT_MAX_LENGTH,
        help_text=_("Коротко, например: «Как подтвердить затраты на СИЗ»."),
        error_messages={"required": _("Укажите тему вопроса.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Вопрос")


class VisitorQuestionForm(QuestionForm):
    """A visitor before registering: who is asking, where the answer goes, which municipality's commission."""

    field_order = ["name", "email", "municipality", "topic", "subject", "text", "file", "consent", "website"]

    name = forms.CharField(
        label=_("Как к вам обращаться"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Представьтесь: комиссии нужно знать, как к вам обращаться.")},
    )
    email = forms.EmailField(
        label=_("Электронная почта"),
        help_text=_("На этот адрес придут ответ и личная ссылка на переписку."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Укажите адрес электронной почты: на него придёт ответ."),
            "invalid": _("Проверьте адрес электронной почты: например, name@example.ru."),
        },
    )
    municipality = forms.ModelChoiceField(
        label=_("Муниципальное образование"),
        queryset=Municipality.objects.order_by("position", "name"),
        empty_label=_("— выберите —"),
        help_text=_("Вопрос получит территориальная конкурсная комиссия этого муниципального образования."),
        error_messages={
            "required": _("Выберите муниципальное образование."),
            "invalid_choice": _("Выберите муниципальное образование из списка."),
        },
    )
    consent = forms.BooleanField(
        label=_("Согласен(на) на обработку указанных имени и адреса почты для ответа на вопрос"),
        error_messages={"required": _("Без согласия на обработку имени и адреса комиссия не сможет ответить.")},
    )
    # A field people do not see (as on the survey's answer page); bots that fill every field are turned away.
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(_("Вопрос не принят."))
        return cleaned


class PublishForm(CleanTextMixin, forms.Form):
    """The texts of the public FAQ, edited so that the asker is not named."""

    question_text = forms.CharField(
        label=_("Вопрос для публикации"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Напишите вопрос для публикации.")},
    )
    answer_text = forms.CharField(
        label=_("Ответ для публикации"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Напишите ответ для публикации.")},
    )


class CommissionFilterForm(CleanTextMixin, forms.Form):
    q = search_field(placeholder=_("Организация, ИНН или слово из вопроса"), **{"class": "form-control"})
    state = forms.ChoiceField(
        label=_("Показать"),
        required=False,
        choices=[("", _("все вопросы")), *QuestionFilter.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = _("Поиск по организации, ИНН или тексту")

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"search": "", "state": ""}
        return {"search": self.cleaned_data["q"], "state": self.cleaned_data["state"]}


class FaqFilterForm(CleanTextMixin, forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Муниципальное образование"),
        queryset=Municipality.objects.order_by("position", "name"),
        required=False,
        empty_label=_("все"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def municipality_id(self) -> int | None:
        if not self.is_valid() or self.cleaned_data["municipality"] is None:
            return None
        return self.cleaned_data["municipality"].pk


# --- announcements, employers' addresses --------------------------------------------------------------------------


class AnnouncementForm(CleanTextMixin, forms.ModelForm):
    """The text of an announcement and its Положение; «Опубликовать» or «Сохранить черновик» is the button pressed."""

    document = forms.FileField(
        label=_("Положение о смотре-конкурсе"),
        required=False,
        help_text=_("PDF, DOCX или ODT, до 20 МБ. Необязательно; новый файл заменит прежний."),
    )

    class Meta:
        model = Announcement
        fields = ["title", "text", "contacts"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 10}),
            "contacts": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Укажите заголовок объявления.")},
            "text": {"required": _("Напишите условия участия: кто участвует, что и куда представить.")},
        }


class EmployerListForm(forms.Form):
    file = forms.FileField(
        label=_("Список работодателей"),
        help_text=_(
            "Книга Excel (.xlsx) или CSV со столбцами «Наименование работодателя», «ИНН» (где известен) и "
            "«Электронная почта», до 5 МБ."
        ),
        error_messages={"required": _("Выберите файл со списком.")},
    )


class MailingFilterForm(CleanTextMixin, forms.Form):
    q = search_field(placeholder=_("Наименование, ИНН или адрес"), **{"class": "form-control"})
    status = forms.ChoiceField(
        label=_("Показать"),
        required=False,
        choices=[("", _("все адреса")), *MailingFilter.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = _("Поиск по наименованию, ИНН или адресу")

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"search": "", "status": ""}
        return {"search": self.cleaned_data["q"], "status": self.cleaned_data["status"]}


class EmployerSearchForm(CleanTextMixin, forms.Form):
    q = search_field(placeholder=_("Наименование, ИНН или адрес"), **{"class": "form-control"})

    def search(self) -> str:
        return self.cleaned_data["q"] if self.is_valid() else ""
