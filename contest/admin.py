from axes.utils import reset as reset_login_failures
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import RussianTitles
from core.exceptions import DomainError
from scoring.eligibility import Band

from .models import (
    Category,
    Contest,
    DocumentJob,
    Membership,
    MethodMaterial,
    Nomination,
    Organization,
    PointTable,
    Sector,
    User,
)
from .services import contests


class SectorInline(admin.TabularInline):
    model = Sector
    extra = 0
    fields = ["position", "code", "name", "includes"]


class CategoryFormSet(BaseInlineFormSet):
    """The categories as a whole must fit the contest's rule (R8's two, or headcount bands without gaps)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        bands = [
            Band(
                form.cleaned_data["code"],
                form.cleaned_data.get("min_headcount"),
                form.cleaned_data.get("max_headcount"),
            )
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        problems = contests.grouping_problems(self.instance.grouping, bands)
        if problems:
            raise ValidationError(problems)


class CategoryInline(admin.TabularInline):
    model = Category
    formset = CategoryFormSet
    extra = 0
    fields = ["position", "code", "name", "genitive", "min_headcount", "max_headcount"]


class NominationInline(admin.TabularInline):
    model = Nomination
    extra = 0
    fields = ["position", "code", "name", "category", "per_sector", "places"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "category":
            contest_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            field.queryset = Category.objects.filter(contest_id=contest_id)
            field.empty_label = _("все группы участников")
        return field


DEADLINE_FIELDS = ("application_deadline", "card_deadline", "forwarding_deadline")


@admin.register(PointTable)
class PointTableAdmin(RussianTitles, admin.ModelAdmin):
    """Tables are kept as documents: loaded with `manage.py point_table import`, an upload or the staff's editor, never
    edited in place; a changed document is the next version."""

    accusative = _("таблицу оценочных показателей")
    list_display = ["key", "version", "title", "note", "created_at"]
    search_fields = ["key", "title"]
    list_per_page = 50
    readonly_fields = ["key", "version", "title", "note", "created_by", "created_at", "document"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentJob)
class DocumentJobAdmin(RussianTitles, admin.ModelAdmin):
    """Heavy documents the worker built or is building, read only: who asked, what, how far, the error. They are
    made by the portal (contest.services.documents) and removed by `manage.py prune_document_jobs`."""

    accusative = _("подготовку документа")
    list_display = ["created_at", "title", "requested_by", "status", "done", "total", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "requested_by__username", "requested_by__last_name"]
    list_select_related = ["requested_by"]
    list_per_page = 50
    show_full_result_count = False
    readonly_fields = [field.name for field in DocumentJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Contest)
class ContestAdmin(RussianTitles, admin.ModelAdmin):
    """Contests through the services: once a contest exists, its deadlines move only on the deadlines page (which
    keeps the history of extensions), and its point table only while no card has been scored by it."""

    accusative = _("смотр-конкурс")
    list_display = ["title", "year", "region", "point_table", "card_deadline", "forwarding_deadline"]
    list_filter = ["region", "year"]
    list_select_related = ["region", "point_table"]
    list_per_page = 50
    inlines = [SectorInline, CategoryInline, NominationInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        fields = [*DEADLINE_FIELDS, "deadlines_page"]
        if contests.table_locked(obj):
            fields.append("point_table")
        return fields

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj) if name != "deadlines_page"]
        return [*fields, "deadlines_page"] if obj is not None else fields

    @admin.display(description=_("изменить сроки"))
    def deadlines_page(self, obj: Contest) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("staff-deadlines", args=[obj.pk]),
            _("Сроки продлеваются на странице «Сроки» — с причиной и историей продлений."),
        )

    def save_model(self, request, obj, form, change):
        if change and "point_table" in form.changed_data:
            table = obj.point_table
            obj.point_table_id = form.initial["point_table"]
            super().save_model(request, obj, form, change)
            try:
                contests.change_scoring_table(obj, table=table)
            except DomainError as error:
                messages.error(request, error.message)
            return
        super().save_model(request, obj, form, change)


@admin.register(Organization)
class OrganizationAdmin(RussianTitles, admin.ModelAdmin):
    accusative = _("организацию")
    list_display = ["full_name", "inn", "municipality", "sector", "headcount", "size_category_label"]
    list_filter = ["municipality", "legal_form"]
    list_select_related = ["municipality", "sector"]
    # ИНН and ОГРН: from their first digits (an index can serve it), not anywhere inside the number
    search_fields = ["full_name", "short_name", "^inn", "^ogrn"]
    list_per_page = 50
    show_full_result_count = False  # 10 000 organizations: no second COUNT of the whole table beside the filtered one
    autocomplete_fields = ["municipality"]
    readonly_fields = ["size_category_reasons", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["full_name", "short_name", "legal_form", "inn", "ogrn"]}),
        (_("Контакты"), {"fields": ["legal_address", "phone", "email"]}),
        (
            _("Участие в смотре-конкурсе"),
            {"fields": ["municipality", "sector", "headcount", "public_share_pct", "size_category_reasons"]},
        ),
        (_("Служебное"), {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description=_("категория"))
    def size_category_label(self, obj: Organization) -> str:
        return obj.size_category.label

    @admin.display(description=_("категория (п. 4.11, R8)"))
    def size_category_reasons(self, obj: Organization) -> str:
        if obj.pk is None:
            return _("Определится после сохранения.")
        decision = obj.size_decision
        return f"{obj.size_category.label}: " + "; ".join(decision.reasons)


class MembershipInline(admin.TabularInline):
    """The roles a person holds, each with its organization or municipality (checked by Membership.clean)."""

    model = Membership
    extra = 0
    fields = ["role", "municipality", "organization"]
    autocomplete_fields = ["municipality", "organization"]


@admin.register(User)
class UserAdmin(RussianTitles, DjangoUserAdmin):
    accusative = _("пользователя")
    list_display = ["username", "person", "email", "roles_held", "is_active"]
    list_filter = ["memberships__role", "memberships__municipality", "is_active", "is_staff"]
    search_fields = [
        "username",
        "last_name",
        "first_name",
        "email",
        "memberships__organization__full_name",
        "memberships__organization__short_name",
        "^memberships__organization__inn",
    ]
    list_per_page = 50
    show_full_result_count = False
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Личные данные"), {"fields": ["last_name", "first_name", "patronymic", "position", "email", "phone"]}),
        (
            _("Права доступа к настройкам"),
            {
                "fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"],
                "classes": ["collapse"],
            },
        ),
        (_("Важные даты"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "password1", "password2"]}),
        (_("Личные данные"), {"fields": ["last_name", "first_name", "patronymic", "email"]}),
    ]
    actions = ["unlock_login"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("memberships__municipality", "memberships__organization")

    @admin.display(description=_("Ф. И. О."), ordering="last_name")
    def person(self, obj: User) -> str:
        return obj.full_name

    @admin.display(description=_("роли на портале"))
    def roles_held(self, obj: User) -> str:
        return obj.role_label

    @admin.action(description=_("Снять блокировку входа (после неудачных попыток)"), permissions=["change"])
    def unlock_login(self, request, queryset) -> None:
        """Forget the failed logins of these usernames (django-axes); a locked address: «Попытки доступа»."""
        removed = sum(reset_login_failures(username=user.username) for user in queryset)
        self.message_user(
            request,
            _("Блокировка входа снята. Пользователей: %(users)s; удалено записей о неудачных попытках: %(attempts)s.")
            % {"users": queryset.count(), "attempts": removed},
            messages.SUCCESS,
        )


@admin.register(MethodMaterial)
class MethodMaterialAdmin(RussianTitles, admin.ModelAdmin):
    """Methodological materials for looking up and small fixes; they are written on the portal's pages
    (/materials/manage/), which check the file by its content and store it under a random name."""

    accusative = _("методический материал")
    list_display = ["title", "kind", "municipality", "contest", "is_published", "published_at", "updated_at"]
    list_filter = ["is_published", "kind", "contest", "municipality"]
    list_select_related = ["municipality", "contest"]
    search_fields = ["title", "text"]
    list_per_page = 50
    readonly_fields = ["file", "original_name", "content_type", "size", "created_by", "created_at", "updated_at"]
