"""Property tests: the speakers' order is a total order obeying group, tier and inscription time."""

import datetime
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from agenda.signing.ordering import place_with_overrides, signing_key, speaker_key
from delegations.enums import ParticipantType, ProtocolRank, protocol_tier, speaker_group

T0 = datetime.datetime(2025, 10, 25, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Speaker:
    pk: int
    participant_type: str
    rank: str
    inscribed_at: datetime.datetime
    override: int | None = None

    @property
    def key(self):
        return speaker_key(
            participant_type=self.participant_type, rank=self.rank, inscribed_at=self.inscribed_at, pk=self.pk
        )


def speakers(with_overrides=False):
    one = st.builds(
        lambda t, r, minute, o: (t, r, minute, o),
        st.sampled_from([t.value for t in ParticipantType]),
        st.sampled_from([r.value for r in ProtocolRank]),
        st.integers(min_value=0, max_value=30),  # few distinct times: ties are common
        st.none() | st.integers(min_value=1, max_value=40) if with_overrides else st.none(),
    )
    return st.lists(one, max_size=40).map(
        lambda rows: [
            Speaker(
                pk=n + 1,
                participant_type=t,
                rank=r,
                inscribed_at=T0 + datetime.timedelta(minutes=m),
                override=o,
            )
            for n, (t, r, m, o) in enumerate(rows)
        ]
    )


def _order(items):
    return place_with_overrides(items, natural_key=lambda s: s.key, override=lambda s: s.override)


@given(speakers())
def test_speaking_order_obeys_group_then_tier_then_time(items):
    order = _order(items)

    for before, after in zip(order, order[1:], strict=False):
        assert (speaker_group(before.participant_type), protocol_tier(before.rank), before.inscribed_at) <= (
            speaker_group(after.participant_type),
            protocol_tier(after.rank),
            after.inscribed_at,
        )


@given(speakers())
def test_speaking_order_is_total_and_independent_of_input_order(items):
    order = _order(items)

    assert sorted(s.pk for s in order) == sorted(s.pk for s in items)
    assert _order(list(reversed(items))) == order
    assert len({s.key for s in items}) == len(items)  # no two speakers tie


@given(speakers(with_overrides=True))
def test_speaking_order_places_overrides_and_keeps_the_rest_in_order(items):
    order = _order(items)

    assert sorted(s.pk for s in order) == sorted(s.pk for s in items)
    unpinned = [s for s in order if s.override is None]
    assert unpinned == sorted(unpinned, key=lambda s: s.key)
    wanted = [s.override for s in items if s.override is not None]
    if len(set(wanted)) == len(wanted) and all(w <= len(items) for w in wanted):
        # Distinct places within the list: every pinned speaker is exactly where the organiser put them.
        for position, s in enumerate(order, start=1):
            assert s.override in (None, position)


@dataclass(frozen=True)
class Party:
    pk: int
    name: str
    is_host: bool
    rank: str | None
    registered_at: datetime.datetime


def parties():
    one = st.tuples(
        st.text(alphabet="ABCKMVZabz ", min_size=1, max_size=6),
        st.none() | st.sampled_from([r.value for r in ProtocolRank]),
        st.integers(min_value=0, max_value=20),
    )
    return st.tuples(st.lists(one, max_size=30), st.booleans()).map(
        lambda args: [
            Party(
                pk=n + 1,
                name=name,
                is_host=args[1] and n == 0,
                rank=rank,
                registered_at=T0 + datetime.timedelta(hours=h),
            )
            for n, (name, rank, h) in enumerate(args[0])
        ]
    )


def _signing(items, rule, letter="M"):
    return place_with_overrides(
        items,
        natural_key=lambda p: signing_key(
            rule=rule,
            drawn_letter=letter,
            is_host=p.is_host,
            name=p.name,
            rank=p.rank,
            registered_at=p.registered_at,
            pk=p.pk,
        ),
        override=lambda p: None,
    )


@given(parties())
def test_signing_order_protocol_rule_puts_host_first_then_tier_then_registration(items):
    order = _signing(items, "protocol")

    if any(p.is_host for p in items):
        assert order[0].is_host
    rest = [p for p in order if not p.is_host]
    keys = [(protocol_tier(p.rank) if p.rank else 3, p.registered_at) for p in rest]
    assert keys == sorted(keys)
    assert sorted(p.pk for p in order) == sorted(p.pk for p in items)


@given(parties(), st.sampled_from("ABKMVZ"))
def test_signing_order_alphabetical_rule_starts_at_the_drawn_letter(items, letter):
    order = _signing(items, "alphabetical", letter)

    rest = [p.name.casefold() for p in order if not p.is_host]
    from_letter = [n for n in rest if n[:1] >= letter.casefold()]
    before_letter = [n for n in rest if n[:1] < letter.casefold()]
    assert rest == sorted(from_letter) + sorted(before_letter)
