from django.contrib import admin

from quartier.groups.models import (
    Action,
    Decision,
    Membership,
    Proposal,
    ProposalDocument,
    ProposalStep,
    Session,
    WorkingGroup,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "territory", "theme_label"]
    list_filter = ["status", "territory"]
    search_fields = ["name", "mandate", "theme_label"]
    readonly_fields = ["theme", "created_by", "created_at"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "group", "role", "status", "joined_on", "left_on"]
    list_filter = ["role", "status", "group"]
    autocomplete_fields = ["person"]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["gathering", "group", "approved_at"]
    list_filter = ["group"]
    readonly_fields = ["minutes_approved", "approved_at", "approved_in", "reminders_sent_at"]
    inlines = [DecisionInline]

    def get_readonly_fields(self, request, obj=None):
        # Once the members have approved the minutes, nobody rewrites them here either.
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_approved:
            fields.append("minutes_draft")
        return fields


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["text", "session"]
    search_fields = ["text"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "owner", "due_on", "status"]
    list_filter = ["status", "group"]
    search_fields = ["title"]
    autocomplete_fields = ["owner"]


class ProposalStepInline(admin.TabularInline):
    model = ProposalStep
    extra = 0


class ProposalDocumentInline(admin.TabularInline):
    model = ProposalDocument
    extra = 0


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "addressee", "status"]
    list_filter = ["status", "addressee"]
    search_fields = ["title", "body", "outcome"]
    inlines = [ProposalStepInline, ProposalDocumentInline]


@admin.register(ProposalStep)
class ProposalStepAdmin(admin.ModelAdmin):
    list_display = ["proposal", "status", "on"]
    list_filter = ["status"]


@admin.register(ProposalDocument)
class ProposalDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "proposal", "uploaded_at"]
