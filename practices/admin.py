from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import RussianTitles

from .models import (
    EventMaterial,
    EventRegistration,
    ExplanatoryEvent,
    NothingNewStatement,
    PracticeReminder,
    PracticeReport,
    ReportingPeriod,
    Survey,
)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(RussianTitles, admin.ModelAdmin):
    """Staff may move a quarter's deadline here; reports filed after it are marked late."""

    accusative = _("отчётный квартал")
    list_display = ["__str__", "year", "quarter", "deadline"]
    list_filter = ["year"]
    list_per_page = 50


@admin.register(PracticeReport)
class PracticeReportAdmin(RussianTitles, admin.ModelAdmin):
    """For looking up; every change of state goes through the portal's pages (services), with its history."""

    accusative = _("отчёт о передовом опыте")
    list_display = ["title", "organization", "period", "kind", "state", "publication_allowed", "first_submitted_at"]
    list_filter = ["state", "kind", "publication_allowed", "period", "organization__municipality"]
    list_select_related = ["organization", "period"]
    search_fields = ["title", "organization__full_name", "organization__short_name", "^organization__inn"]
    list_per_page = 50
    show_full_result_count = False  # a big table: the changelist does not count it all again beside the filtered count
    readonly_fields = [field.name for field in PracticeReport._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(NothingNewStatement)
class NothingNewStatementAdmin(RussianTitles, admin.ModelAdmin):
    accusative = _("сообщение «нового опыта нет»")
    list_display = ["organization", "period", "submitted_at"]
    list_filter = ["period", "organization__municipality"]
    list_select_related = ["organization", "period"]
    search_fields = ["organization__full_name", "organization__short_name", "^organization__inn"]
    list_per_page = 50
    show_full_result_count = False


@admin.register(PracticeReminder)
class PracticeReminderAdmin(RussianTitles, admin.ModelAdmin):
    accusative = _("напоминание о сроке")
    list_display = ["organization", "period", "created_at", "recipients"]
    list_filter = ["period", "organization__municipality"]
    list_select_related = ["organization", "period"]
    readonly_fields = ["letters"]
    search_fields = ["organization__full_name", "organization__short_name", "^organization__inn"]
    list_per_page = 50
    show_full_result_count = False


@admin.register(Survey)
class SurveyAdmin(RussianTitles, admin.ModelAdmin):
    accusative = _("опрос работников")
    list_display = ["title", "organization", "kind", "is_open", "created_at"]
    list_filter = ["kind", "is_open"]
    list_select_related = ["organization"]
    search_fields = ["title", "organization__full_name", "organization__short_name", "^organization__inn"]
    list_per_page = 50
    show_full_result_count = False
    exclude = ["token"]


class EventRegistrationInline(admin.TabularInline):
    model = EventRegistration
    extra = 0
    fields = ["organization", "participants_count", "participants", "registered_by", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class EventMaterialInline(admin.TabularInline):
    model = EventMaterial
    extra = 0
    fields = ["title", "original_name", "url", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ExplanatoryEvent)
class ExplanatoryEventAdmin(RussianTitles, admin.ModelAdmin):
    """For looking up; events are announced, changed and cancelled on the portal's pages (services, with letters)."""

    accusative = _("разъяснительное мероприятие")
    list_display = ["topic", "municipality", "starts_at", "capacity", "cancelled_at"]
    list_filter = ["municipality", "cancelled_at"]
    list_select_related = ["municipality"]
    search_fields = ["topic", "speakers", "place"]
    date_hierarchy = "starts_at"
    list_per_page = 50
    show_full_result_count = False
    readonly_fields = [field.name for field in ExplanatoryEvent._meta.fields]
    inlines = [EventRegistrationInline, EventMaterialInline]

    def has_add_permission(self, request) -> bool:
        return False
