from django.contrib import admin

from quartier.consultation.models import (
    Consultation,
    Contribution,
    GroupingRun,
    ImportDraft,
    SubTheme,
    Theme,
    ThemeProposal,
)


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["title", "territory", "period_start", "period_end", "status"]
    list_filter = ["status", "territory"]
    search_fields = ["title", "question"]


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "consultation", "kind", "channel", "state", "theme", "created_at"]
    list_filter = ["state", "kind", "channel", "consultation"]
    search_fields = ["text"]
    autocomplete_fields = ["author", "gathering"]
    raw_id_fields = ["theme", "subtheme"]


@admin.register(GroupingRun)
class GroupingRunAdmin(admin.ModelAdmin):
    list_display = ["consultation", "status", "progress", "created_at", "finished_at"]
    list_filter = ["status"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["label", "consultation", "salience", "position", "hidden", "label_curated"]
    list_filter = ["consultation", "hidden"]
    search_fields = ["label"]


@admin.register(SubTheme)
class SubThemeAdmin(admin.ModelAdmin):
    list_display = ["label", "theme", "position"]
    search_fields = ["label"]
    raw_id_fields = ["theme"]


@admin.register(ImportDraft)
class ImportDraftAdmin(admin.ModelAdmin):
    list_display = ["filename", "consultation", "created_by", "created_at"]
    readonly_fields = ["header", "rows"]


@admin.register(ThemeProposal)
class ThemeProposalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "consultation", "kind", "status", "created_at"]
    list_filter = ["kind", "status"]
