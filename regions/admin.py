from django.contrib import admin

from .models import Municipality, Region


class MunicipalityInline(admin.TabularInline):
    model = Municipality
    extra = 0
    fields = ["position", "name", "kind"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    list_per_page = 50
    inlines = [MunicipalityInline]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "position"]
    list_filter = ["region", "kind"]
    list_select_related = ["region"]
    search_fields = ["name"]
    list_per_page = 50
