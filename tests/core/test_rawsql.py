"""Hand-written SELECTs load values as the ORM does, on the running backend; prepared statements once per
connection on PostgreSQL."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from hanoi_ceremony.core.rawsql import Columns, _numbered, _positional, fetch_one

pytestmark = pytest.mark.django_db


def _list(**kwargs):
    from delegations.checkin.models import CheckinList

    return CheckinList.objects.create(name="Hall", code="hall", **kwargs)


def test_values_are_converted_like_the_orm():
    from delegations.checkin.models import CheckinList

    made = _list(
        categories=["HOD", "DEL"],
        valid_from=timezone.now().replace(microsecond=0),
        allow_reentry=True,
        everyone_out_at=datetime.time(22, 30),
    )
    columns = Columns(*((f.attname, "l", CheckinList, f.name) for f in CheckinList._meta.concrete_fields))
    row = fetch_one(f'SELECT {columns.sql} FROM "{CheckinList._meta.db_table}" l WHERE l.id = %s', [made.pk])
    loaded = CheckinList.from_db("default", None, columns.values(row))
    fresh = CheckinList.objects.get(pk=made.pk)
    for field in CheckinList._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(fresh, field.attname), field.name
    assert loaded.categories == ["HOD", "DEL"] and loaded.allow_reentry is True
    assert timezone.is_aware(loaded.valid_from)
    as_dict = columns.as_dict(row)
    assert as_dict["everyone_out_at"] == datetime.time(22, 30)


def test_positional_placeholders():
    assert _positional("a = %s AND b = %s") == "a = $1 AND b = $2"
    assert _positional("no params") == "no params"


def test_named_placeholders_are_numbered_by_first_appearance_each_once():
    assert _numbered("a = %(x)s AND b = %(y)s OR c = %(x)s") == ("a = $1 AND b = $2 OR c = $1", ("x", "y"))


@pytest.mark.parametrize("prepare", ["", "named"])
def test_named_parameters_prepared_or_not(prepare):
    made = _list()
    sql = 'SELECT "code", %(n)s + 1 FROM "checkin_checkinlist" WHERE "id" = %(id)s AND "id" >= %(id)s'
    assert fetch_one(sql, {"id": made.pk, "n": 1}, prepare=prepare) == ("hall", 2)
    assert fetch_one(sql, {"id": 0, "n": 1}, prepare=prepare) is None


@pytest.mark.postgres
def test_prepared_once_per_connection_and_again_after_a_reconnect():
    made = _list()
    sql = 'SELECT "code" FROM "checkin_checkinlist" WHERE "id" = %s'

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'hc_probe_%%'")
            return cursor.fetchone()[0]

    assert fetch_one(sql, [made.pk], prepare="probe") == ("hall",)
    assert fetch_one(sql, [made.pk], prepare="probe") == ("hall",)
    assert prepared() == 1
    assert fetch_one(sql, [0], prepare="probe") is None
    # A new session knows none: the helper prepares again instead of failing.
    connection.connection._hc_prepared.clear()
    connection.cursor().execute("DEALLOCATE ALL")
    assert fetch_one(sql, [made.pk], prepare="probe") == ("hall",)
    assert prepared() == 1


@pytest.mark.postgres
def test_prepared_statements_can_be_turned_off_for_transaction_pooling():
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    made = _list()
    with override_settings(DB_PREPARED_STATEMENTS=False), CaptureQueriesContext(connection) as ctx:
        assert fetch_one(
            'SELECT "code" FROM "checkin_checkinlist" WHERE "id" = %s', [made.pk], prepare="off"
        ) == ("hall",)
    assert [q["sql"].split()[0] for q in ctx.captured_queries] == ["SELECT"]
