import datetime
import zoneinfo

import factory

from subcommittees.enums import MembershipRole, MilestoneKind, TaskStatus
from subcommittees.models import Escalation, Membership, Milestone, Subcommittee, Task
from tests.factories import UserFactory

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def hanoi(month, day, hour=17, minute=0):
    return datetime.datetime(2025, month, day, hour, minute, tzinfo=HANOI)


class SubcommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subcommittee
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Subcommittee {n}")
    slug = factory.Sequence(lambda n: f"sc-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    subcommittee = factory.SubFactory(SubcommitteeFactory)
    role = MembershipRole.MEMBER


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    title = factory.Sequence(lambda n: f"Milestone {n}")
    at = hanoi(10, 20, 9)
    kind = MilestoneKind.REVIEW
    owner = factory.SubFactory(UserFactory)


class TaskFactory(factory.django.DjangoModelFactory):
    """A draft task with its six clears filled (pass status=... with care: constraints apply)."""

    class Meta:
        model = Task

    subcommittee = factory.SubFactory(SubcommitteeFactory)
    title = factory.Sequence(lambda n: f"Task {n}")
    assignee = factory.SubFactory(UserFactory)
    description = "Do the work."
    due_at = hanoi(10, 18)
    responsible_unit = "MFA – State Protocol Department"
    deliverable = "A document"
    approver = factory.SubFactory(UserFactory)
    status = TaskStatus.DRAFT
    created_by = factory.SubFactory(UserFactory)


class EscalationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Escalation

    subcommittee = factory.SubFactory(SubcommitteeFactory)
    title = factory.Sequence(lambda n: f"Problem {n}")
    impact = "Serious."
    decision_needed = "Decide."
    needed_by = hanoi(10, 19)
    raised_by = factory.SubFactory(UserFactory)
