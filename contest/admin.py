from axes.utils import reset as reset_login_failures
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Contest, Nomination, Organization, Sector, User


class SectorInline(admin.TabularInline):
    model = Sector
    extra = 0
    fields = ["position", "code", "name", "includes"]


class NominationInline(admin.TabularInline):
    model = Nomination
    extra = 0
    fields = ["position", "code", "name", "size_category", "per_sector", "places"]


@admin.register(Contest)
class ContestAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "region", "scoring_table", "card_deadline", "forwarding_deadline"]
    list_filter = ["region", "year"]
    inlines = [SectorInline, NominationInline]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["full_name", "inn", "municipality", "sector", "avg_headcount", "size_category_label"]
    list_filter = ["municipality", "legal_form"]
    list_select_related = ["municipality", "sector"]
    search_fields = ["full_name", "short_name", "inn", "ogrn"]
    autocomplete_fields = ["municipality"]
    readonly_fields = ["size_category_reasons", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["full_name", "short_name", "legal_form", "inn", "ogrn"]}),
        (_("Контакты"), {"fields": ["legal_address", "phone", "email"]}),
        (
            _("Участие в смотре-конкурсе"),
            {"fields": ["municipality", "sector", "avg_headcount", "public_share_pct", "size_category_reasons"]},
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


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "email", "role", "municipality", "organization", "is_active"]
    list_filter = ["role", "municipality", "is_active", "is_staff"]
    list_select_related = ["municipality", "organization"]
    search_fields = ["username", "last_name", "first_name", "email", "organization__full_name"]
    autocomplete_fields = ["municipality", "organization"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Личные данные"), {"fields": ["last_name", "first_name", "patronymic", "position", "email", "phone"]}),
        (_("Роль на портале"), {"fields": ["role", "municipality", "organization"]}),
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
        (
            _("Роль на портале"),
            {"fields": ["last_name", "first_name", "patronymic", "email", "role", "municipality", "organization"]},
        ),
    ]
    actions = ["unlock_login"]

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
