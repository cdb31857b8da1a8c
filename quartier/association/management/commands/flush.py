"""`quartier flush`: Django's flush (empty every table), through the cash book's guards.

The triggers of quartier/association/guards.py refuse deleting any entry, which is the point;
emptying the whole database at once (a fresh start, and the test suite between tests) is the
one thing allowed: the guards are lifted for this statement only and put back, whatever
happens.
"""

from __future__ import annotations

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections

from quartier.association import guards


class Command(flush.Command):
    help = flush.Command.help + " Les garde-fous du livre de caisse sont remis en place après."

    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        had_guards = guards.guards_in_place(connection)
        if had_guards:
            guards.drop_guards(connection)
        try:
            return super().handle(**options)
        finally:
            if had_guards:
                guards.create_guards(connection)
