from django.contrib import admin

from .models import Announcement, AnnouncementLetter, EmployerContact, FaqEntry, OptOut, Question, QuestionMessage


class ReadOnlyAdmin(admin.ModelAdmin):
    """For looking up; questions, answers and publications are written on the portal's pages (services), with their
    history and letters."""

    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ["subject", "municipality", "organization", "visitor_email", "state", "created_at"]
    list_filter = ["state", "topic", "municipality"]
    list_select_related = ["municipality", "organization"]
    search_fields = [
        "subject",
        "organization__full_name",
        "organization__short_name",
        "^organization__inn",
        "visitor_email",
    ]
    exclude = ["visitor_key"]


@admin.register(QuestionMessage)
class QuestionMessageAdmin(ReadOnlyAdmin):
    list_display = ["question", "author", "author_name", "created_at", "original_name"]
    list_filter = ["author"]
    list_select_related = ["question"]


@admin.register(FaqEntry)
class FaqEntryAdmin(ReadOnlyAdmin):
    list_display = ["question_text", "municipality", "contest", "is_published", "published_at"]
    list_filter = ["is_published", "contest", "municipality"]
    list_select_related = ["municipality", "contest"]


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyAdmin):
    list_display = ["title", "municipality", "contest", "published_at"]
    list_filter = ["contest", "municipality"]
    list_select_related = ["municipality", "contest"]
    search_fields = ["title"]


@admin.register(EmployerContact)
class EmployerContactAdmin(ReadOnlyAdmin):
    list_display = ["name", "inn", "email", "municipality", "created_at"]
    list_filter = ["municipality"]
    list_select_related = ["municipality"]
    search_fields = ["name", "^inn", "email"]


@admin.register(AnnouncementLetter)
class AnnouncementLetterAdmin(ReadOnlyAdmin):
    list_display = ["announcement", "name", "email", "municipality", "opted_out", "created_at"]
    list_filter = ["opted_out", "municipality"]
    list_select_related = ["announcement", "municipality"]
    search_fields = ["name", "^inn", "email"]


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    """An address may be taken off or put back by hand (a letter of request to the department)."""

    list_display = ["email", "created_at"]
    search_fields = ["email"]
    list_per_page = 50
    show_full_result_count = False
