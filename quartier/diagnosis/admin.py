from django.contrib import admin

from quartier.diagnosis.models import Area, Dataset, ImportDraft, LocalFact


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ["title", "territory", "kind", "census_year", "illustrative", "imported_at"]
    list_filter = ["territory", "kind", "illustrative"]
    search_fields = ["title", "file_name"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "dataset"]
    list_filter = ["level", "dataset"]
    search_fields = ["code", "name"]


@admin.register(ImportDraft)
class ImportDraftAdmin(admin.ModelAdmin):
    list_display = ["file_name", "territory", "created_by", "created_at"]
    exclude = ["data", "meta_data"]


@admin.register(LocalFact)
class LocalFactAdmin(admin.ModelAdmin):
    list_display = ["label", "value", "unit", "territory", "source", "observed_on"]
    list_filter = ["territory"]
    search_fields = ["label", "source"]
