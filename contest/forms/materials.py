"""Forms of the methodological materials: the material (new and edited), the management list's filters, the public
page's municipality."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from regions.models import Municipality

from ..enums import MUNICIPAL_COMMISSION_ROLES, MaterialKind
from ..files import check_upload, limits
from ..models import Contest, MethodMaterial
from ..models.materials import MATERIAL_TEXT_MAX_LENGTH, MATERIAL_TITLE_MAX_LENGTH
from ..services.materials import MATERIAL_FILE_TYPES
from .base import CleanTextMixin, search_field

EMPTY_MATERIAL = _("Добавьте текст, файл или ссылку: пустой материал не публикуется.")
REGION = "region"  # the filters' value for the region's materials (no municipality)


def _municipalities():
    return Municipality.objects.order_by("position", "name")


class MaterialForm(CleanTextMixin, forms.Form):
    """A material of the contest. Staff choose whose it is (the region's or a municipality's); a territorial
    commission writes for its municipality (the choice is shown fixed when it works in one)."""

    municipality = forms.ModelChoiceField(
        label=_("Чей материал"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("Весь край (материал департамента)"),
        error_messages={"invalid_choice": _("Выберите муниципальное образование из списка.")},
    )
    kind = forms.ChoiceField(
        label=_("Вид материала"),
        choices=MaterialKind.choices,
        error_messages={"required": _("Выберите вид материала."), "invalid_choice": _("Выберите вид из списка.")},
    )
    title = forms.CharField(
        label=_("Заголовок"),
        max_length=MATERIAL_TITLE_MAX_LENGTH,
        error_messages={"required": _("Напишите заголовок материала.")},
    )
    text = forms.CharField(
        label=_("Текст"),
        required=False,
        max_length=MATERIAL_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Пояснение или сам материал. Пустые строки делят текст на абзацы."),
        error_messages={
            "max_length": _(
                "Текст длиннее %(limit_value)d знаков (сейчас %(show_value)d): сократите его или приложите файл."
            )
        },
    )
    file = forms.FileField(
        label=_("Файл"),
        required=False,
        help_text=_("Необязательно. PDF, DOCX, ODT, XLSX, JPEG или PNG, до 20 МБ. Тип проверяется по содержимому."),
    )
    remove_file = forms.BooleanField(label=_("Удалить приложенный файл"), required=False)
    link = forms.URLField(
        label=_("Ссылка"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Необязательно: адрес страницы с материалом, например https://…"),
        error_messages={"invalid": _("Проверьте адрес ссылки: например, https://example.ru/obrazec.")},
    )
    indicators = forms.MultipleChoiceField(
        label=_("Показатели, которые материал поясняет"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("На странице информационной карты ссылка на материал появится рядом с этими показателями."),
        error_messages={"invalid_choice": _("Показателя «%(value)s» нет в таблице показателей этого смотра-конкурса.")},
    )
    publish = forms.BooleanField(label=_("Опубликовать сразу"), required=False, initial=True)

    def __init__(self, *args, user, contest: Contest, material: MethodMaterial | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.material = material
        field = self.fields["municipality"]
        if user.is_staff_member:
            field.queryset = _municipalities()
        else:
            own = user.municipality_ids(*MUNICIPAL_COMMISSION_ROLES)
            field.queryset = _municipalities().filter(pk__in=own)
            field.required = True
            field.empty_label = None
            field.help_text = _(
                "Материал территориальной конкурсной комиссии для организаций муниципального образования."
            )
            if len(own) == 1:
                field.disabled = True
                field.initial = next(iter(own))
        self.fields["indicators"].choices = [
            (indicator.code, f"{indicator.code} — {indicator.title}") for indicator in contest.table.indicators
        ]
        if material is None:
            del self.fields["remove_file"]
        else:
            del self.fields["publish"]
            if not material.file:
                del self.fields["remove_file"]
            self.initial.update(
                {
                    "kind": material.kind,
                    "title": material.title,
                    "text": material.text,
                    "link": material.link,
                    "indicators": list(material.indicators or []),
                }
            )
            if not field.disabled:
                self.initial["municipality"] = material.municipality_id
            # A commission's material of its only municipality: the fixed field shows it; staff's stays as it was.

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            try:
                check_upload(uploaded, allowed=limits(MATERIAL_FILE_TYPES))  # the service checks again
            except ValidationError as error:
                raise ValidationError(error.messages) from error
        return uploaded

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("file")) or (
            self.material is not None and bool(self.material.file) and not cleaned.get("remove_file")
        )
        if "file" in self.errors:
            return cleaned  # the file's own message says it
        if not (cleaned.get("text") or cleaned.get("link") or has_file):
            self.add_error(None, EMPTY_MATERIAL)
        return cleaned

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            "municipality": data.get("municipality"),
            "kind": data["kind"],
            "title": data["title"],
            "text": data.get("text", ""),
            "link": data.get("link", ""),
            "indicators": data.get("indicators", []),
            "uploaded": data.get("file") or None,
        }
        if "remove_file" in self.fields:
            fields["remove_file"] = data.get("remove_file", False)
        if "publish" in self.fields:
            fields["publish"] = data.get("publish", False)
        return fields


class MaterialFilterForm(CleanTextMixin, forms.Form):
    """The management list's filters: a word of the title or text, the kind, published or not, whose."""

    q = search_field(placeholder=_("Слово из заголовка или текста"), **{"class": "form-control"})
    kind = forms.ChoiceField(
        label=_("Вид"),
        required=False,
        choices=[("", _("все виды")), *MaterialKind.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    state = forms.ChoiceField(
        label=_("Состояние"),
        required=False,
        choices=[("", _("все")), ("published", _("опубликованные")), ("draft", _("не опубликованные"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    municipality = forms.ChoiceField(
        label=_("Чьи"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = _("Поиск")
        self.fields["municipality"].choices = [
            ("", _("все")),
            (REGION, _("весь край (департамент)")),
            *((str(m.pk), m.name) for m in _municipalities()),
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {"search": "", "kind": "", "state": "", "municipality_id": None}
        data = self.cleaned_data
        chosen = data["municipality"]
        municipality_id = 0 if chosen == REGION else int(chosen) if chosen else None
        return {"search": data["q"], "kind": data["kind"], "state": data["state"], "municipality_id": municipality_id}


class PublicMaterialsForm(CleanTextMixin, forms.Form):
    """The public page's choice: the materials of the region and of one municipality (empty: the region's only)."""

    municipality = forms.ModelChoiceField(
        label=_("Муниципальное образование"),
        queryset=_municipalities(),
        required=False,
        empty_label=_("только материалы для всего края"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
