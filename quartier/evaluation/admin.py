from django.contrib import admin

from quartier.evaluation.models import (
    Bilan,
    Circle,
    FollowUpNote,
    Milestone,
    PracticeSheet,
    SurveyResponse,
    Testimony,
)


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "happened_on", "person", "territory"]
    list_filter = ["kind", "territory"]
    raw_id_fields = ["person"]


@admin.register(Testimony)
class TestimonyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "said_on", "publication", "person"]
    list_filter = ["publication", "territory"]
    raw_id_fields = ["person"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["person", "wave", "answered_on", "score"]
    list_filter = ["wave", "territory"]
    raw_id_fields = ["person"]


@admin.register(FollowUpNote)
class FollowUpNoteAdmin(admin.ModelAdmin):
    list_display = ["person", "noted_on", "reached"]
    raw_id_fields = ["person"]


@admin.register(Circle)
class CircleAdmin(admin.ModelAdmin):
    list_display = ["name", "territory"]
    filter_horizontal = ["members"]


@admin.register(Bilan)
class BilanAdmin(admin.ModelAdmin):
    list_display = ["territory", "year", "reviewed"]


@admin.register(PracticeSheet)
class PracticeSheetAdmin(admin.ModelAdmin):
    list_display = ["territory", "title"]
