"""Forms of the best-practice pages (crispy, Bootstrap 5). They check what a person typed and show it next to the field;
the services check the rules again."""

from decimal import Decimal
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.forms.base import CleanTextMixin, search_field
from core.numbers import CountField, NumberField
from regions.models import Municipality

from . import selectors
from .enums import FILED_STATES, KIND_HINTS, Finance, PracticeKind, ReportState, SurveyKind
from .files import check_material
from .models import ExplanatoryEvent, PracticeReport, Survey
from .models.events import PARTICIPANTS_MAX
from .periods import Quarter, open_quarters
from .services.events import EVENT_FIELDS, participant_lines
from .services.reports import REPORT_FIELDS


def quarter_choices() -> list[tuple[str, str]]:
    """The quarters an organization may report for today, with their deadlines."""
    return [
        (q.key, _("%(quarter)s — срок %(day)s") % {"quarter": q, "day": selectors.deadline_of(q).strftime("%d.%m.%Y")})
        for q in open_quarters(timezone.localdate())
    ]


def _money(label, help_text="") -> forms.DecimalField:
    return NumberField(
        label=label,
        required=False,
        min_value=Decimal("0"),
        max_digits=15,
        decimal_places=2,
        help_text=help_text,
    )


def _count(label) -> forms.IntegerField:
    return CountField(
        label=label,
        required=False,
        min_value=0,
        max_value=1_000_000,
    )


class ReportForm(CleanTextMixin, forms.ModelForm):
    """A report's text and figures. A draft may lack the problem, the solution and the results; filing needs them."""

    quarter = forms.ChoiceField(label=_("Отчётный квартал"))

    class Meta:
        model = PracticeReport
        fields = REPORT_FIELDS
        widgets = {
            "kind": forms.RadioSelect,
            "problem": forms.Textarea(attrs={"rows": 4}),
            "solution": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        report = self.instance
        if report.pk and report.state != ReportState.DRAFT:
            del self.fields["quarter"]  # a filed report keeps its quarter
        else:
            choices = quarter_choices()
            if report.pk and report.period.key not in dict(choices):
                choices.append((report.period.key, str(report.period)))
            self.fields["quarter"].choices = choices
            self.fields["quarter"].initial = report.period.key if report.pk else choices[0][0]
        self.fields["kind"].choices = [(k.value, f"{k.label}. {KIND_HINTS[k]}") for k in PracticeKind]
        self.fields["kind"].help_text = _("Виды передового опыта — по письму департамента.")
        self.fields["results"].label = _("Что изменилось")
        self.fields["injuries_before"] = _count(_("Несчастных случаев до внедрения, за год"))
        self.fields["injuries_after"] = _count(_("Несчастных случаев после, за год"))
        self.fields["violations_before"] = _count(_("Нарушений требований охраны труда до"))
        self.fields["violations_after"] = _count(_("Нарушений требований охраны труда после"))
        self.fields["productivity_change_pct"] = NumberField(
            label=_("Производительность труда, ± %"),
            required=False,
            min_value=Decimal("-100"),
            max_value=Decimal("10000"),
            max_digits=7,
            decimal_places=2,
            help_text=self.fields["productivity_change_pct"].help_text,
        )
        self.fields["economic_effect_rub"] = _money(
            _("Экономический эффект, руб./год"), _("Сокращение потерь от травматизма, простоев, штрафов и т. п.")
        )
        self.fields["investment_rub"] = _money(_("Вложено средств, руб."), _("В оборудование, обучение, СИЗ и т. п."))

    def clean_quarter(self) -> Quarter:
        try:
            return Quarter.parse(self.cleaned_data["quarter"])
        except ValueError:
            raise ValidationError(_("Выберите квартал из списка.")) from None

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in REPORT_FIELDS}
        if "quarter" in self.fields:
            data["quarter"] = self.cleaned_data["quarter"]
        return data


class MaterialForm(CleanTextMixin, forms.Form):
    file = forms.FileField(label=_("Файл"), required=False, help_text=_("Фотографии, документы, видеофайл."))
    url = forms.URLField(
        label=_("или ссылка на видеоролик"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Если видео опубликовано на видеохостинге или сайте организации."),
    )
    title = forms.CharField(label=_("Подпись"), max_length=300, required=False)
    public = forms.BooleanField(
        label=_("Показывать в открытой библиотеке, если отчёт опубликуют"),
        required=False,
        initial=True,
        help_text=_("Снимите отметку для документов с персональными данными или коммерческой тайной."),
    )

    def clean_url(self) -> str:
        url = self.cleaned_data.get("url", "")
        if url and urlsplit(url).scheme.lower() not in {"http", "https"}:
            raise ValidationError(_("Ссылка должна начинаться с https:// или http://."))
        return url

    def clean(self):
        cleaned = super().clean()
        uploaded, url = cleaned.get("file"), cleaned.get("url")
        if "url" in self.errors or "file" in self.errors:
            return cleaned
        if uploaded and url:
            self.add_error("url", _("Приложите файл или укажите ссылку — что-то одно."))
        elif not uploaded and not url:
            self.add_error("file", _("Выберите файл или укажите ссылку на видео."))
        elif uploaded:
            try:
                check_material(uploaded)  # the service checks again; here for the message next to the field
            except ValidationError as error:
                self.add_error("file", error)
        return cleaned


class NothingNewForm(CleanTextMixin, forms.Form):
    quarter = forms.ChoiceField(label=_("Квартал"))
    comment = forms.CharField(
        label=_("Комментарий (необязательно)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarter_choices()

    def clean_quarter(self) -> Quarter:
        return Quarter.parse(self.cleaned_data["quarter"])


class ReviewForm(CleanTextMixin, forms.Form):
    """The administration's decision: the button pressed is the action; remarks are needed to return a report or to
    withdraw a recommendation."""

    ACTIONS = ("accept", "return", "recommend", "withdraw")

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS], widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Замечания или комментарий"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Обязательно, если отчёт возвращается или снимается рекомендация; организация увидит текст."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") in {"return", "withdraw"} and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Напишите замечания — организация увидит их."))
        return cleaned


class SurveyForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["kind", "title", "intro", "training_name", "training_date"]
        widgets = {
            "kind": forms.RadioSelect,
            "intro": forms.Textarea(attrs={"rows": 3}),
            "training_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "intro": _("Что увидят работники над вопросами. Ответы анонимны: имя, почта и адрес не спрашиваются."),
            "training_name": _("Только для экспресс-опроса после обучения."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = SurveyKind.choices  # no empty choice among the radio buttons
        self.fields["kind"].initial = SurveyKind.PROPOSALS

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == SurveyKind.TRAINING and not cleaned.get("training_name", "").strip():
            self.add_error("training_name", _("Укажите, после какого обучения проводится опрос."))
        return cleaned


class _AnswerForm(CleanTextMixin, forms.Form):
    # A field people do not see; bots that fill every field are turned away.
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(_("Ответ не принят."))
        return cleaned

    def service_fields(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "website"}


class ProposalAnswerForm(_AnswerForm):
    proposal = forms.CharField(
        label=_("Ваше предложение по улучшению условий и охраны труда"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    problem = forms.CharField(
        label=_("Какую опасность или проблему оно устраняет"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Например, частая причина травм, нарушений или жалоб."),
    )
    department = forms.CharField(label=_("Подразделение (необязательно)"), required=False, max_length=200)


class TrainingAnswerForm(_AnswerForm):
    usefulness = forms.TypedChoiceField(
        label=_("Насколько полезным было обучение"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 — бесполезно, 5 — очень полезно."),
    )
    learned = forms.CharField(
        label=_("Что нового вы узнали"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    proposal = forms.CharField(
        label=_("Что из этого стоит внедрить у нас"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    unclear = forms.CharField(
        label=_("Что осталось непонятным, чего не хватило"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


ANSWER_FORMS = {SurveyKind.PROPOSALS: ProposalAnswerForm, SurveyKind.TRAINING: TrainingAnswerForm}


class LibraryFilterForm(CleanTextMixin, forms.Form):
    """The library's search and filters. A wrong value in the address is ignored, not an error page."""

    q = forms.CharField(label=_("Поиск по тексту"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Вид опыта"), required=False)
    sector = forms.ChoiceField(label=_("Отрасль"), required=False)
    municipality = forms.ModelChoiceField(
        label=_("Муниципальное образование"), required=False, queryset=Municipality.objects.none(), empty_label=_("все")
    )
    finance = forms.ChoiceField(label=_("Бюджетная или коммерческая"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("все виды")), *PracticeKind.choices]
        self.fields["sector"].choices = [("", _("все отрасли")), *selectors.library_sectors()]
        self.fields["municipality"].queryset = selectors.library_municipalities()
        self.fields["finance"].choices = [("", _("все организации")), *Finance.choices]

    def filters(self) -> dict:
        """The valid filters only: each wrong one is dropped (and said next to its field)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "text": data.get("q", ""),
            "kind": data.get("kind", ""),
            "sector": data.get("sector", ""),
            "municipality": data.get("municipality"),
            "finance": data.get("finance", ""),
        }


class ReviewFilterForm(CleanTextMixin, forms.Form):
    """The administration's list: a search by organization, a quarter, a state and an order; wrong values are
    ignored (the default is used), never an error page."""

    q = search_field()
    quarter = forms.ChoiceField(label=_("Квартал"), required=False)
    state = forms.ChoiceField(label=_("Состояние"), required=False)
    sort = forms.ChoiceField(
        label=_("Порядок"),
        required=False,
        choices=[
            ("", _("новые кварталы, по организациям")),
            ("waiting", _("дольше всех ждут")),
            ("submitted", _("недавно представленные")),
            ("organization", _("по организации")),
        ],
    )

    def __init__(self, *args, quarters: list[Quarter], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [("", _("все кварталы")), *((q.key, str(q)) for q in quarters)]
        self.fields["state"].choices = [
            ("", _("все представленные")),
            *((s.value, s.label) for s in ReportState if s in FILED_STATES),
        ]

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        quarter = data.get("quarter")
        return {
            "quarter": Quarter.parse(quarter) if quarter else None,
            "state": data.get("state", ""),
            "text": data.get("q", ""),
            "sort": data.get("sort", ""),
        }

    @property
    def searched(self) -> bool:
        """Whether any condition narrows the list (for the empty state's advice)."""
        filters = self.filters()
        return bool(filters.get("quarter") or filters.get("state") or filters.get("text"))


class SummaryFilterForm(CleanTextMixin, forms.Form):
    """The summary's search by organization and its status filter; wrong values are ignored."""

    q = search_field()
    status = forms.ChoiceField(
        label=_("Итог"),
        required=False,
        choices=[
            ("", _("все организации")),
            ("reported", _("представили отчёт")),
            ("nothing_new", _("нового опыта нет")),
            ("missing", _("не отчитались")),
        ],
    )

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"text": data.get("q", ""), "status": data.get("status", "")}


class SummaryChoiceForm(CleanTextMixin, forms.Form):
    """Staff choose the municipality whose summary to see."""

    municipality = forms.ModelChoiceField(
        label=_("Муниципальное образование"),
        queryset=None,
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = selectors.municipalities_for(user)


# --- explanatory events ------------------------------------------------------------------------------------------------

DATETIME_WIDGET = {"type": "datetime-local"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _moment(label, *, required: bool = True, help_text="") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateTimeInput(attrs=DATETIME_WIDGET, format=DATETIME_FORMAT),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M:%S"],
        error_messages={
            "required": _("Укажите дату и время."),
            "invalid": _("Дата и время — например, 15.03.2027 10:00."),
        },
    )


class EventForm(CleanTextMixin, forms.ModelForm):
    """An event as the organizer types it: the checks of the service, told next to their fields. The municipality is
    chosen when the event is announced (staff: any, or the whole region; an administration: one of its own)."""

    municipality = forms.ModelChoiceField(
        label=_("Для кого"), queryset=Municipality.objects.none(), required=False, empty_label=_("весь край")
    )
    online_url = forms.URLField(
        label=_("Ссылка для подключения"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Для онлайн-мероприятия. Нужно место или ссылка (можно и то, и другое)."),
    )

    class Meta:
        model = ExplanatoryEvent
        fields = [
            "municipality",
            "topic",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "speakers",
            "registration_closes_at",
            "capacity",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "speakers": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, municipalities=None, regional: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk or municipalities is None:
            del self.fields["municipality"]  # an event stays where it was announced
        else:
            field = self.fields["municipality"]
            field.queryset = municipalities
            field.required = not regional
            if not regional:
                field.empty_label = None
            field.help_text = _(
                "«Весь край» — мероприятие департамента для организаций всех муниципальных образований."
            )
            field.widget.attrs["class"] = "form-select"
        self.fields["starts_at"] = _moment(_("Начало"))
        self.fields["ends_at"] = _moment(_("Окончание"), required=False, help_text=_("Необязательно."))
        self.fields["registration_closes_at"] = _moment(
            _("Регистрация до"), required=False, help_text=_("Пусто — до начала мероприятия.")
        )
        self.fields["capacity"] = CountField(
            label=_("Мест"), required=False, min_value=1, max_value=100_000, help_text=self.fields["capacity"].help_text
        )
        if self.instance.pk:
            for name in ("starts_at", "ends_at", "registration_closes_at"):
                self.initial[name] = self._local(getattr(self.instance, name))

    @staticmethod
    def _local(moment):
        return timezone.localtime(moment).strftime(DATETIME_FORMAT) if moment else None

    def clean_online_url(self) -> str:
        url = self.cleaned_data.get("online_url", "")
        if url and urlsplit(url).scheme.lower() not in {"http", "https"}:
            raise ValidationError(_("Ссылка должна начинаться с https:// или http://."))
        return url

    def clean_starts_at(self):
        moment = self.cleaned_data["starts_at"]
        if moment is not None and moment <= timezone.now():
            raise ValidationError(_("Эта дата уже прошла: укажите дату и время в будущем."))
        return moment

    def clean(self):
        cleaned = super().clean()
        starts, ends, closes = cleaned.get("starts_at"), cleaned.get("ends_at"), cleaned.get("registration_closes_at")
        if not (cleaned.get("place", "").strip() or cleaned.get("online_url")) and "online_url" not in self.errors:
            self.add_error("place", _("Укажите место проведения или ссылку для подключения."))
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Окончание должно быть позже начала."))
        if starts and closes and closes > starts:
            self.add_error("registration_closes_at", _("Регистрация должна закончиться не позже начала мероприятия."))
        elif closes and closes <= timezone.now():
            self.add_error(
                "registration_closes_at", _("Эта дата уже прошла: укажите будущую или оставьте поле пустым.")
            )
        return cleaned

    def _post_clean(self):
        # The model's own checks (constraints) run in the service, with the same messages; here only the fields'.
        pass

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EVENT_FIELDS}


class RegistrationForm(CleanTextMixin, forms.Form):
    participants = forms.CharField(
        label=_("Участники"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "По одному в строке: фамилия, имя, отчество, должность. Например: Иванова Мария Петровна, экономист."
        ),
        error_messages={"required": _("Впишите участников: по одному в строке.")},
    )

    def clean_participants(self) -> str:
        text = self.cleaned_data["participants"]
        if not participant_lines(text):
            raise ValidationError(_("Впишите участников: по одному в строке."))
        if len(participant_lines(text)) > PARTICIPANTS_MAX:
            raise ValidationError(_("Не больше %(max)s участников от организации.") % {"max": PARTICIPANTS_MAX})
        return text


class CancelEventForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Причина отмены"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Её прочитают зарегистрированные организации."),
        error_messages={"required": _("Укажите причину отмены — организации её прочитают.")},
    )


class EventMaterialForm(MaterialForm):
    """Slides, a document, a recording or a video link of an event: public in the library once attached."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["public"]
        self.fields["file"].help_text = _("Слайды, раздаточные материалы, запись.")
        self.fields["url"].help_text = _("Если запись опубликована на видеохостинге или сайте.")
