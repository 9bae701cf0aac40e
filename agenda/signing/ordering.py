"""Pure ordering rules (no database): the speakers' order (domain rule 3) and the order of signing.

Kept free of the ORM so property-based tests can throw any mix of speakers at them.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from delegations.enums import ProtocolTier, protocol_tier, speaker_group

from .enums import OrderingRule

T = TypeVar("T")


@dataclass(frozen=True)
class SpeakerKey:
    group: int
    tier: int
    inscribed_at: datetime.datetime
    id: int


def speaker_key(*, participant_type: str, rank: str, inscribed_at: datetime.datetime, pk: int) -> tuple:
    """Group (Member States, then observers and REIOs, then organisations) → protocol tier of the speaker's
    rank → time of inscription → id, so no two speakers ever tie."""
    return (int(speaker_group(participant_type)), int(protocol_tier(rank)), inscribed_at, pk)


def place_with_overrides(
    items: Sequence[T], *, natural_key: Callable[[T], tuple], override: Callable[[T], int | None]
) -> list[T]:
    """Sort `items` by `natural_key`, then put every item with a manual position at that position (1-based,
    clamped to the list's length); the others fill the remaining places in natural order. Total and
    deterministic: two overrides asking for the same place keep their natural order."""
    natural = sorted((i for i in items if override(i) is None), key=natural_key)
    pinned = sorted(
        (i for i in items if override(i) is not None), key=lambda i: (override(i), natural_key(i))
    )
    result: list[T] = []
    n_i = p_i = 0
    while n_i < len(natural) or p_i < len(pinned):
        slot = len(result) + 1
        if p_i < len(pinned) and (override(pinned[p_i]) <= slot or n_i >= len(natural)):
            result.append(pinned[p_i])
            p_i += 1
        else:
            result.append(natural[n_i])
            n_i += 1
    return result


def signing_key(
    *,
    rule: str,
    drawn_letter: str,
    is_host: bool,
    name: str,
    rank: str | None,
    registered_at: datetime.datetime,
    pk: int,
) -> tuple:
    """The host State signs first under either rule. Protocol rule: then by the signatory's protocol tier
    (no signatory named yet → last tier), then time of registration. Alphabetical rule: names from the
    drawn letter to Z, then A up to the letter."""
    host = 0 if is_host else 1
    if rule == OrderingRule.ALPHABETICAL:
        folded = name.casefold()
        letter = (drawn_letter or "A").casefold()
        return (host, 0 if folded[:1] >= letter else 1, folded, pk)
    tier = int(protocol_tier(rank)) if rank else int(ProtocolTier.OTHERS)
    return (host, tier, registered_at, pk)
