"""Database triggers that keep the cash book as recorded (see quartier/association/guards.py):
no UPDATE or DELETE of an entry or its lines, no entry in a closed year or outside its dates,
no change to a closed year. SQLite and PostgreSQL each get their own statements."""

from django.db import migrations

from quartier.association import guards
from quartier.core.migration_ops import VendorRunSQL


class Migration(migrations.Migration):
    dependencies = [("association", "0001_initial")]

    operations = [VendorRunSQL(guards.STATEMENTS)]
