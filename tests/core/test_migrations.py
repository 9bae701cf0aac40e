import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_agree():
    """A model change without its migration (or a migration that depends on hash order) fails here."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
