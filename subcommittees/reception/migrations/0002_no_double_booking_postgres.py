"""No car and no officer booked for two overlapping times — enforced by PostgreSQL itself.

Two exclusion constraints over tstzrange(starts_at, ends_at) && with vehicle_id = / officer_id =
(btree_gist provides = for bigint in a GiST index), ignoring cancelled slots. Other databases (SQLite in
development) skip this migration's SQL; there the rule is kept by reception.services alone, as it is on
every database before a write reaches the constraint.
"""

from django.db import migrations

VEHICLE = "reception_carslot_no_vehicle_overlap"
OFFICER = "reception_carslot_no_officer_overlap"


class PostgresOnlySQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("reception", "0001_initial")]

    operations = [
        PostgresOnlySQL(sql="CREATE EXTENSION IF NOT EXISTS btree_gist", reverse_sql=migrations.RunSQL.noop),
        PostgresOnlySQL(
            sql=(
                f"ALTER TABLE reception_carslot ADD CONSTRAINT {VEHICLE} EXCLUDE USING gist "
                "(vehicle_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (NOT cancelled)"
            ),
            reverse_sql=f"ALTER TABLE reception_carslot DROP CONSTRAINT IF EXISTS {VEHICLE}",
        ),
        PostgresOnlySQL(
            sql=(
                f"ALTER TABLE reception_carslot ADD CONSTRAINT {OFFICER} EXCLUDE USING gist "
                "(officer_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
                "WHERE (NOT cancelled AND officer_id IS NOT NULL)"
            ),
            reverse_sql=f"ALTER TABLE reception_carslot DROP CONSTRAINT IF EXISTS {OFFICER}",
        ),
    ]
