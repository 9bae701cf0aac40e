"""No two scheduled bilateral meetings in one room at once (turnover included), and no head of delegation
(no delegation) in two meetings at once — enforced by PostgreSQL itself, like agenda's session-room rule.

Exclusion constraints over tstzrange with btree_gist (agenda migration 0003 creates the extension). Other
databases (SQLite in development) skip this SQL; there the services' calendar check keeps the rule, as it
does on every database before a write reaches the constraint.
"""

from django.db import migrations

ROOM = "bilaterals_no_room_overlap"
DELEGATION = "bilaterals_no_delegation_overlap"
HEAD = "bilaterals_no_head_overlap"


class PostgresOnlySQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("bilaterals", "0001_initial"), ("agenda", "0003_room_exclusion_postgres")]

    operations = [
        PostgresOnlySQL(sql="CREATE EXTENSION IF NOT EXISTS btree_gist", reverse_sql=migrations.RunSQL.noop),
        PostgresOnlySQL(
            sql=(
                f"ALTER TABLE bilaterals_bilateral ADD CONSTRAINT {ROOM} EXCLUDE USING gist "
                "(room_id WITH =, tstzrange(starts_at, room_free_at, '[)') WITH &&) "
                "WHERE (status = 'scheduled')"
            ),
            reverse_sql=f"ALTER TABLE bilaterals_bilateral DROP CONSTRAINT IF EXISTS {ROOM}",
        ),
        PostgresOnlySQL(
            sql=(
                f"ALTER TABLE bilaterals_bilateralhold ADD CONSTRAINT {DELEGATION} EXCLUDE USING gist "
                "(delegation_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)"
            ),
            reverse_sql=f"ALTER TABLE bilaterals_bilateralhold DROP CONSTRAINT IF EXISTS {DELEGATION}",
        ),
        PostgresOnlySQL(
            sql=(
                f"ALTER TABLE bilaterals_bilateralhold ADD CONSTRAINT {HEAD} EXCLUDE USING gist "
                "(head_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (head_id IS NOT NULL)"
            ),
            reverse_sql=f"ALTER TABLE bilaterals_bilateralhold DROP CONSTRAINT IF EXISTS {HEAD}",
        ),
    ]
