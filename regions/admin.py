from django.contrib import admin

from .models import Municipality, Region


class MunicipalityInline(admin.TabularInline):
    model = Municipality
    extra = 0
    fields = ["position", "name", "kind"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    inlines = [MunicipalityInline]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "position"]
    list_filter = ["region", "kind"]
    search_fields = ["name"]
