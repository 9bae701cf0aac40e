import pytest
from django.urls import reverse

from agenda.signing.models import Ratification
from hanoi_ceremony.audit.models import AuditEntry

from .factories import DelegationFactory

pytestmark = pytest.mark.django_db


def test_admin_records_a_ratification_through_the_service(client, make_user, ceremony):
    from hanoi_ceremony.accounts.roles import Role

    admin_user = make_user(Role.ORGANISER, username="ola", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    eu = DelegationFactory(reio=True, name="European Union")
    igo = DelegationFactory(organisation=True, name="Interpol")
    url = reverse("admin:signing_ratification_add")

    refused = client.post(url, {"delegation": igo.pk, "deposited_on": "2026-03-01"})
    accepted = client.post(url, {"delegation": eu.pk, "deposited_on": "2026-03-02"})

    assert refused.status_code == 200
    assert "Only States and regional economic integration organisations ratify." in refused.content.decode()
    assert accepted.status_code == 302
    ratification = Ratification.objects.get()
    assert (ratification.delegation, ratification.is_reio) == (eu, True)
    assert AuditEntry.objects.filter(action="ratification.recorded").count() == 1
