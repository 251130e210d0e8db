"""What every app's admin shares — the Russian cases of its titles — and the outbox in the admin, read only: letters
are written by the portal and moved by the worker (core.outbox)."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Letter


class RussianTitles:
    """The admin's titles in the right case. Django builds «Выберите %s для изменения», «Добавить %s», «Изменить %s»
    from verbose_name, in the nominative: «Выберите пользователь для изменения». Russian needs the accusative there
    («Выберите пользователя для изменения»): each ModelAdmin names it in ``accusative``; the templates
    admin/change_list_object_tools.html and admin/change_form.html use it for «Добавить …» (a test checks that every
    registered model admin has one)."""

    accusative: Any = ""  # verbose_name in the accusative (a lazy text): «пользователя», «организацию», «смотр-конкурс»
    model: Any

    def object_name(self) -> str:
        return str(self.accusative or self.model._meta.verbose_name)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        name = self.object_name()
        may_change = self.has_change_permission(request)  # type: ignore[attr-defined]
        title = _("Выберите %s для изменения") if may_change else _("Выберите %s для просмотра")
        context = {"title": title % name, "accusative": name, **(extra_context or {})}
        response: HttpResponse = super().changelist_view(request, context)  # type: ignore[misc]
        return response

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        name = self.object_name()
        if add:
            title = _("Добавить %s")
        elif self.has_change_permission(request, obj):  # type: ignore[attr-defined]
            title = _("Изменить %s")
        else:
            title = _("Просмотреть %s")
        context = {**context, "title": title % name, "accusative": name}
        response: HttpResponse = super().render_change_form(  # type: ignore[misc]
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )
        return response


# ModelAdmin is generic for the type checker only (without django_stubs_ext's monkeypatch, subscripting it fails).
if TYPE_CHECKING:
    LetterAdminBase = admin.ModelAdmin[Letter]
else:
    LetterAdminBase = admin.ModelAdmin


@admin.register(Letter)
class LetterAdmin(RussianTitles, LetterAdminBase):
    accusative = gettext_lazy("письмо")
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
