from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import RussianTitles

from .models import Municipality, Region


class MunicipalityInline(admin.TabularInline):
    model = Municipality
    extra = 0
    fields = ["position", "name", "kind"]


@admin.register(Region)
class RegionAdmin(RussianTitles, admin.ModelAdmin):
    accusative = _("регион")
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    list_per_page = 50
    inlines = [MunicipalityInline]


@admin.register(Municipality)
class MunicipalityAdmin(RussianTitles, admin.ModelAdmin):
    accusative = _("муниципальное образование")
    list_display = ["name", "kind", "region", "position"]
    list_filter = ["region", "kind"]
    list_select_related = ["region"]
    search_fields = ["name"]
    list_per_page = 50
