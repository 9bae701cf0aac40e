"""Reminder source of reception, registered from ReceptionConfig.ready:

* ``reception.scenario`` — the leader's landing, to the officers assigned (the delegation's liaison
  officer and the officer of each car slot), a day and two hours before. The scenario services call
  ``reminders_reconcile`` when a scenario is issued or re-issued (a flight moved) and when an officer or a
  car slot changes.
"""

from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.reminders.registry import DAY, ReminderSource, register_source

from .models import Scenario


def officers_of(scenario: Scenario) -> list:
    """The officers assigned to the leader: the delegation's liaison officer, then each car slot's."""
    from .models import CarSlot, OfficerAssignment

    users = []
    assignment = (
        OfficerAssignment.objects.filter(delegation_id=scenario.member.delegation_id)
        .select_related("officer")
        .first()
    )
    if assignment is not None:
        users.append(assignment.officer)
    for slot in CarSlot.objects.filter(
        member_id=scenario.member_id, cancelled=False, officer__isnull=False
    ).select_related("officer"):
        if slot.officer not in users:
            users.append(slot.officer)
    return users


def register() -> None:
    register_source(
        ReminderSource(
            key="reception.scenario",
            model=Scenario,
            label=_("Reception of a senior leader (officers assigned)"),
            due_at=lambda s: s.member.arrival_at,
            recipients=lambda s: [(user, "officer") for user in officers_of(s)],
            is_active=lambda s: s.member.arrival_at is not None,
            context=lambda s: {"scenario": s, "member": s.member, "title": str(s)},
            url=lambda s: s.get_absolute_url(),
            template="reception/reminders/scenario",
            audiences=("officer",),
            default_offsets=(DAY, 120),
            targets=lambda: Scenario.objects.select_related("member"),
        )
    )
