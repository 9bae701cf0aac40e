import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agenda.enums import SessionKind
from agenda.seating.models import Seat, SeatingPlan, SeatQuota
from agenda.seating.services import seating_draw
from delegations.enums import Capacity, DelegationStatus, ParticipantType, ProtocolRank
from hanoi_ceremony.audit.selectors import history_for
from tests.agenda.signing.factories import DelegationFactory, MemberFactory, SessionFactory

NAMES = ["Zambia", "Argentina", "Kenya", "Brazil", "Japan", "Chile"]


@pytest.fixture
def plenary(db, ceremony):
    return SessionFactory(kind=SessionKind.PLENARY, title="Plenary")


@pytest.fixture
def delegations(db):
    out = {}
    for i, name in enumerate(NAMES):
        d = DelegationFactory(name=name, country_code=f"X{i:02d}")
        MemberFactory(delegation=d, capacity=Capacity.ADVISER, family_name=f"Adv{i}")
        MemberFactory(
            delegation=d, capacity=Capacity.HEAD, family_name=f"Head{i}", rank=ProtocolRank.MINISTER
        )
        out[name] = d
    out["Holy See"] = DelegationFactory(
        name="Holy See", country_code="VAT", participant_type=ParticipantType.OBSERVER_STATE
    )
    out["European Union"] = DelegationFactory(name="European Union", reio=True)
    out["INTERPOL"] = DelegationFactory(name="INTERPOL", organisation=True)
    out["UNODC"] = DelegationFactory(
        name="UNODC", participant_type=ParticipantType.UN_ENTITY, country_code=None
    )
    out["Academy"] = DelegationFactory(
        name="Academy", participant_type=ParticipantType.ACADEMIA, country_code=None
    )
    out["Declined"] = DelegationFactory(
        name="Declined State", country_code="DEC", status=DelegationStatus.DECLINED
    )
    return out


def order_of(plan):
    return list(
        Seat.objects.filter(plan=plan, row=1, number=1)
        .order_by("block")
        .values_list("delegation_name", flat=True)
    )


def test_drawn_state_first_then_alphabetical_then_observers_reios_organisations_others(
    plenary, delegations, organiser
):
    plan = seating_draw(session=plenary, by=organiser, drawn=delegations["Japan"])
    assert order_of(plan) == [
        "Japan",
        "Kenya",
        "Zambia",
        "Argentina",
        "Brazil",
        "Chile",
        "Holy See",
        "European Union",
        "INTERPOL",
        "UNODC",
        "Academy",
    ]


def test_heads_sit_in_front_and_seats_follow_the_quota(plenary, delegations, organiser):
    SeatQuota.objects.create(participant_type=ParticipantType.MEMBER_STATE, seats=5)
    plan = seating_draw(session=plenary, by=organiser, drawn=delegations["Kenya"])
    kenya = Seat.objects.filter(plan=plan, delegation=delegations["Kenya"]).order_by("row", "number")
    assert [(s.row, s.number) for s in kenya] == [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2)]
    assert kenya[0].member.capacity == Capacity.HEAD
    assert kenya[1].member.capacity == Capacity.ADVISER
    assert Seat.objects.filter(plan=plan, delegation=delegations["INTERPOL"]).count() == 2


def test_redraw_reseats_everyone_and_keeps_the_old_plan_with_its_audit(plenary, delegations, organiser):
    first = seating_draw(session=plenary, by=organiser, drawn=delegations["Japan"])
    second = seating_draw(session=plenary, by=organiser, drawn=delegations["Brazil"], note="Lot redrawn")
    first.refresh_from_db()
    assert (first.is_current, second.is_current, second.version) == (False, True, 2)
    assert order_of(first)[0] == "Japan" and order_of(second)[:3] == ["Brazil", "Chile", "Japan"]
    sentence = history_for(target=second)[0]["sentence"]
    assert (
        sentence
        == f"{organiser} recorded the draw for {second}: Brazil takes the first seat (plan version 2)."
    )


def test_lot_by_the_system_picks_a_confirmed_member_state(plenary, delegations, organiser):
    plan = seating_draw(session=plenary, by=organiser)
    assert plan.by_lot is True
    assert plan.drawn_delegation.participant_type == ParticipantType.MEMBER_STATE
    assert order_of(plan)[0] == plan.drawn_delegation.name


def test_an_observer_cannot_be_drawn_and_nothing_is_saved(plenary, delegations, organiser):
    with pytest.raises(ValidationError):
        seating_draw(session=plenary, by=organiser, drawn=delegations["Holy See"])
    assert not SeatingPlan.objects.exists()


def test_pages_chart_svg_and_place_cards(organiser_client, plenary, delegations, organiser):
    response = organiser_client.post(
        reverse("seating:draw", args=[plenary.pk]), {"drawn": delegations["Kenya"].pk}
    )
    assert response.status_code == 302
    chart = organiser_client.get(reverse("seating:chart", args=[plenary.pk])).content.decode()
    assert (
        chart.index('data-name="Kenya"')
        < chart.index('data-name="Zambia"')
        < chart.index('data-name="Argentina"')
    )
    svg = organiser_client.get(reverse("seating:chart_svg", args=[plenary.pk]))
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<?xml")
    cards = organiser_client.get(reverse("seating:place_cards", args=[plenary.pk]))
    assert cards["Content-Type"] == "application/pdf" and cards.content.startswith(b"%PDF")


def test_liaisons_cannot_draw(client, plenary, delegations, make_user):
    client.force_login(make_user())
    assert client.post(reverse("seating:draw", args=[plenary.pk]), {}).status_code == 403
