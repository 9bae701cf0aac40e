"""Property tests: the speakers' order is a total order obeying group, tier and inscription time."""

import datetime
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from agenda.signing.ordering import place_with_overrides, speaker_key
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
