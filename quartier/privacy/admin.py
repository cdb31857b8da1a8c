from django.contrib import admin

from quartier.privacy.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: an audit log that can be edited proves nothing."""

    list_display = ["at", "user_repr", "action", "target_repr"]
    list_filter = ["action"]
    search_fields = ["user_repr", "target_repr", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
