"""Migration operations shared by the apps that keep rules in the database itself."""

from __future__ import annotations

from django.db import migrations, router


class VendorRunSQL(migrations.RunSQL):
    """RunSQL whose statements depend on the database engine it runs on:
    `{"sqlite": (create, drop), "postgresql": (create, drop)}`."""

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
