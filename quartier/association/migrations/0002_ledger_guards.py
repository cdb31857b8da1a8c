"""Database triggers that keep the cash book as recorded (see quartier/association/guards.py):
no UPDATE or DELETE of an entry or its lines, no entry in a closed year or outside its dates,
no change to a closed year. SQLite and PostgreSQL each get their own statements."""

from django.db import migrations, router

from quartier.association import guards


class VendorRunSQL(migrations.RunSQL):
    """RunSQL whose statements depend on the database engine it runs on."""

    def __init__(self, statements: dict[str, tuple[list[str], list[str]]]) -> None:
        self.statements = statements
        super().__init__(sql=migrations.RunSQL.noop, reverse_sql=migrations.RunSQL.noop)

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {"statements": self.statements})

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if router.allow_migrate(schema_editor.connection.alias, app_label, **self.hints):
            create, _drop = self.statements.get(schema_editor.connection.vendor, ([], []))
            self._run_sql(schema_editor, create)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if router.allow_migrate(schema_editor.connection.alias, app_label, **self.hints):
            _create, drop = self.statements.get(schema_editor.connection.vendor, ([], []))
            self._run_sql(schema_editor, drop)


class Migration(migrations.Migration):
    dependencies = [("association", "0001_initial")]

    operations = [VendorRunSQL(guards.STATEMENTS)]
