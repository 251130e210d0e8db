"""The outbox in the admin, read only: letters are written by the portal and moved by the worker (core.outbox)."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Letter

# ModelAdmin is generic for the type checker only (without django_stubs_ext's monkeypatch, subscripting it fails).
if TYPE_CHECKING:
    LetterAdminBase = admin.ModelAdmin[Letter]
else:
    LetterAdminBase = admin.ModelAdmin


@admin.register(Letter)
class LetterAdmin(LetterAdminBase):
    list_display = ["created_at", "recipient", "subject", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["recipient", "subject"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Letter._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
