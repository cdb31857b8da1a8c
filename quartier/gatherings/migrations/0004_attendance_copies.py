"""The gathering's start and the person's kind copied onto each attendance, kept by database
triggers (see quartier/gatherings/copies.py), and the indexes the evaluation counts with."""

from django.conf import settings
from django.db import migrations, models

from quartier.core.migration_ops import VendorRunSQL
from quartier.gatherings import copies


class Migration(migrations.Migration):

    dependencies = [
        ('gatherings', '0003_merge_0002_cancellation_and_guests_0002_french_labels'),
        ('people', '0004_alter_consent_purpose'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='attendance',
            name='held_at',
            field=models.DateTimeField(editable=False, null=True, verbose_name='tenue le'),
        ),
        migrations.AddField(
            model_name='attendance',
            name='person_kind',
            field=models.CharField(default='', editable=False, max_length=20, verbose_name='rôle de la personne'),
        ),
        migrations.RunSQL(copies.FILL, reverse_sql=migrations.RunSQL.noop),
        VendorRunSQL(copies.STATEMENTS),
        migrations.AddIndex(
            model_name='attendance',
            index=models.Index(fields=['person', 'held_at', 'person_kind'], name='attendance_by_person'),
        ),
        migrations.AddIndex(
            model_name='attendance',
            index=models.Index(fields=['held_at', 'person_kind', 'person'], name='attendance_by_date'),
        ),
        migrations.AddIndex(
            model_name='attendance',
            index=models.Index(fields=['gathering', 'person_kind', 'person', 'role'], name='attendance_by_gathering'),
        ),
    ]
