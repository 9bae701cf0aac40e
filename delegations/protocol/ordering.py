"""Protocol order of delegations (domain rules 3 and 9): Member States, observer States, REIOs,
intergovernmental organisations and UN entities, then other bodies; alphabetical (English, UN short names)
within each."""

from delegations.enums import ParticipantType

GROUP_ORDER = {
    ParticipantType.MEMBER_STATE: 0,
    ParticipantType.OBSERVER_STATE: 1,
    ParticipantType.REIO: 2,
    ParticipantType.IGO: 3,
    ParticipantType.UN_ENTITY: 3,
}


def protocol_key(participant_type: str, name: str) -> tuple:
    return (GROUP_ORDER.get(participant_type, 4), name.casefold())
