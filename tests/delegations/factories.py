import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from delegations.enums import Capacity, DelegationStatus, ParticipantType, ProtocolRank
from delegations.models import Delegation, Liaison, Member
from tests.factories import UserFactory


def photo_upload(
    name: str = "photo.jpg", size: tuple[int, int] = (300, 400), fmt: str = "JPEG"
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 180, 160)).save(buffer, fmt)
    content_type = "image/jpeg" if fmt == "JPEG" else "image/png"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def pdf_upload(
    name: str = "note.pdf",
    body: bytes = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    content_type="application/pdf",
):
    return SimpleUploadedFile(name, body, content_type=content_type)


_STATES = [
    ("FRA", "France", "250", "europe"),
    ("DEU", "Germany", "276", "europe"),
    ("JPN", "Japan", "392", "asia"),
    ("BRA", "Brazil", "076", "americas"),
    ("KEN", "Kenya", "404", "africa"),
    ("AUS", "Australia", "036", "oceania"),
    ("CAN", "Canada", "124", "americas"),
    ("IND", "India", "356", "asia"),
    ("EGY", "Egypt", "818", "africa"),
    ("ITA", "Italy", "380", "europe"),
    ("MEX", "Mexico", "484", "americas"),
    ("NGA", "Nigeria", "566", "africa"),
]


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    participant_type = ParticipantType.IGO
    name = factory.Sequence(lambda n: f"Organisation {n}")
    country_code = None
    status = DelegationStatus.REGISTERING


class StateDelegationFactory(DelegationFactory):
    participant_type = ParticipantType.MEMBER_STATE
    country_code = factory.Sequence(
        lambda n: _STATES[n % len(_STATES)][0] if n < len(_STATES) else f"X{n % 100:02d}"
    )
    name = factory.LazyAttribute(
        lambda o: {s[0]: s[1] for s in _STATES}.get(o.country_code, f"State {o.country_code}")
    )
    region = "europe"


class LiaisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Liaison

    user = factory.SubFactory(UserFactory)
    delegation = factory.SubFactory(StateDelegationFactory)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    delegation = factory.SubFactory(StateDelegationFactory)
    family_name = factory.Sequence(lambda n: f"Family{n}")
    given_names = "Anna"
    capacity = Capacity.REPRESENTATIVE
    rank = ProtocolRank.OTHER
    nationality = "FRA"
    passport_number = factory.Sequence(lambda n: f"P{n:07d}")
    photo = factory.django.ImageField(width=300, height=400, color="grey")
