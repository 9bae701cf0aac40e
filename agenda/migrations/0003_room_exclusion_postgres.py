"""No two non-cancelled sessions in one room at once — enforced by PostgreSQL itself.

An exclusion constraint over tstzrange(starts_at, ends_at) && with room_id = (btree_gist provides = for
bigint in a GiST index). Other databases (SQLite in development) skip this migration's SQL; there the rule
is kept by agenda.services alone, as it is on every database before a write reaches the constraint.
"""

from django.db import migrations

CONSTRAINT = "agenda_session_no_room_overlap"


class PostgresOnlySQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("agenda", "0002_programme_details")]

    operations = [
        PostgresOnlySQL(
            sql="CREATE EXTENSION IF NOT EXISTS btree_gist",
            reverse_sql=migrations.RunSQL.noop,
        ),
        PostgresOnlySQL(
            sql=(
                f"ALTER TABLE agenda_session ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
                "(room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
                "WHERE (status <> 'cancelled' AND room_id IS NOT NULL)"
            ),
            reverse_sql=f"ALTER TABLE agenda_session DROP CONSTRAINT IF EXISTS {CONSTRAINT}",
        ),
    ]
