"""The authentication backends: django-axes' (first: refuses locked-out sign-ins) and Django's own, both
loading the signed-in user of every request with one prepared statement.

Every signed-in request loads its user by primary key. Through the ORM that is about 0.4 ms, most of it
compiling the same query again; `core.rawsql` reads the same columns, converted as the ORM would, in about
0.2 ms. Signing in, permissions and everything else stay the backends' own.
"""

from axes.backends import AxesBackend as _AxesBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as _ModelBackend

from hanoi_ceremony.core.rawsql import Columns, fetch_one

_select: tuple[str, Columns] | None = None


def _user_select() -> tuple[str, Columns]:
    global _select
    if _select is None:
        model = get_user_model()
        columns = Columns.of_model(model, "u")
        pk_column = model._meta.pk.column
        sql = f'SELECT {columns.sql} FROM "{model._meta.db_table}" u WHERE u."{pk_column}" = %s'  # noqa: S608
        _select = (sql, columns)
    return _select


def user_by_id(user_id):
    """The user with this primary key, loaded as `User.objects.get` would, or None."""
    sql, columns = _user_select()
    row = fetch_one(sql, [user_id], prepare="session_user")
    if row is None:
        return None
    return get_user_model().from_db("default", None, columns.values(row))


class _SessionUser:
    def get_user(self, user_id):
        user = user_by_id(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class AxesBackend(_SessionUser, _AxesBackend):
    pass


class ModelBackend(_SessionUser, _ModelBackend):
    pass
