import datetime

import factory
from django.utils import timezone

from delegations.accreditation.enums import AccreditationKind, BadgeState, PhotoState, VettingState
from delegations.accreditation.models import Accreditation, Badge, BadgeCategory, Zone
from tests.delegations.factories import MemberFactory


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"Z{n}")
    name = factory.LazyAttribute(lambda o: f"Zone {o.code}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BadgeCategory
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"C{n}")
    name = factory.LazyAttribute(lambda o: f"Category {o.code}")
    printed_label = factory.LazyAttribute(lambda o: o.name.upper())
    colour = "#1F4E79"

    @factory.post_generation
    def zone_list(self, create, extracted, **kwargs):
        if create and extracted:
            self.zones.set(extracted)


class AccreditationFactory(factory.django.DjangoModelFactory):
    """A delegation member's accreditation (created directly: services are tested through their own API)."""

    class Meta:
        model = Accreditation

    kind = AccreditationKind.MEMBER
    member = factory.SubFactory(MemberFactory, passport_expiry=datetime.date(2030, 1, 1))
    delegation = factory.LazyAttribute(lambda o: o.member.delegation)
    passport_key = factory.LazyAttribute(lambda o: f"{o.member.nationality}:{o.member.passport_number}")
    category = factory.SubFactory(CategoryFactory)
    vetting = VettingState.APPROVED
    photo_state = PhotoState.APPROVED


class BadgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Badge

    accreditation = factory.SubFactory(AccreditationFactory)
    serial = factory.Sequence(lambda n: 500000 + n)
    category = factory.LazyAttribute(lambda o: o.accreditation.category)
    category_code = factory.LazyAttribute(lambda o: o.category.code)
    zone_codes = factory.LazyAttribute(lambda o: ["P", "S"])
    valid_from = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    valid_until = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    state = BadgeState.APPROVED
