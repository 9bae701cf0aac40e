"""factory-boy factories for the cross-cutting models. Feature apps keep theirs in tests/<app>/factories.py."""

import datetime

import factory

from hanoi_ceremony.accounts.models import User
from hanoi_ceremony.core.models import Ceremony


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    password = factory.django.Password("correct-horse-battery")


class CeremonyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ceremony
        django_get_or_create = ("singleton",)

    singleton = True
    name = "United Nations Convention against Cybercrime"
    short_name = "Hanoi Convention"
    theme = "Countering Cybercrime – Sharing Responsibility – Securing our Future"
    venue = "National Convention Centre"
    city = "Hà Nội"
    host_country_code = "VNM"
    first_day = datetime.date(2025, 10, 25)
    last_day = datetime.date(2025, 10, 26)
    open_for_signature_until = datetime.date(2026, 12, 31)
