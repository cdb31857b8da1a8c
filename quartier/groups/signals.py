"""Listen to attendance recorded in the gatherings app, which knows nothing of groups."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from quartier.gatherings.models import Attendance


@receiver(post_save, sender=Attendance, dispatch_uid="groups.membership_from_attendance")
def attendance_saved(sender, instance: Attendance, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        from quartier.groups.services import membership_from_attendance

        membership_from_attendance(instance)
