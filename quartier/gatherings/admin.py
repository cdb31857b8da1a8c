from django.contrib import admin

from quartier.gatherings.models import Attendance, Gathering


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Gathering)
class GatheringAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "start", "place", "territory"]
    list_filter = ["kind", "territory"]
    search_fields = ["title", "place"]
    date_hierarchy = "start"
    inlines = [AttendanceInline]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["person", "gathering", "role", "recorded_at"]
    list_filter = ["role", "gathering__kind"]
    autocomplete_fields = ["person", "gathering"]
