from django.contrib import admin

from quartier.activities.models import Activity, ActivitySession


class ActivitySessionInline(admin.TabularInline):
    model = ActivitySession
    extra = 0
    raw_id_fields = ["gathering"]
    ordering = ["-gathering__start"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "territory", "rule", "starts_on", "ends_on"]
    list_filter = ["kind", "territory"]
    search_fields = ["name", "description", "place"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(ActivitySession)
class ActivitySessionAdmin(admin.ModelAdmin):
    list_display = ["gathering", "activity", "planned_for"]
    list_filter = ["activity"]
    raw_id_fields = ["gathering"]
