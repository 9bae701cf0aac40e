import pytest

from hanoi_ceremony.accounts.roles import Role
from subcommittees.budget import services
from subcommittees.budget.enums import BodyKind, BodyRole, Category, Unit
from subcommittees.budget.models import Body


@pytest.fixture
def finance(db):
    return Body.objects.create(
        name="Ministry of Finance", short_name="MOF", kind=BodyKind.MINISTRY, is_finance=True
    )


@pytest.fixture
def mps(db):
    return Body.objects.create(name="Ministry of Public Security", short_name="MPS", kind=BodyKind.MINISTRY)


@pytest.fixture
def mofa(db):
    return Body.objects.create(name="Ministry of Foreign Affairs", short_name="MOFA", kind=BodyKind.MINISTRY)


@pytest.fixture
def reviewer(make_user, finance):
    user = make_user(username="mof.reviewer")
    services.body_member_add(body=finance, user=user, role=BodyRole.FINANCE_REVIEWER)
    return user


@pytest.fixture
def editor(make_user, mps):
    user = make_user(username="mps.editor")
    services.body_member_add(body=mps, user=user, role=BodyRole.EDITOR)
    return user


@pytest.fixture
def mofa_editor(make_user, mofa):
    user = make_user(username="mofa.editor")
    services.body_member_add(body=mofa, user=user, role=BodyRole.EDITOR)
    return user


@pytest.fixture
def steering(make_user):
    return make_user(Role.STEERING, username="steering.member")


@pytest.fixture
def norms(reviewer):
    norm_set = services.normset_create(
        by=reviewer, title="Norms for the Hanoi Convention", basis="Circular 40/2017"
    )
    services.norm_set_value(
        norm_set=norm_set,
        by=reviewer,
        category=Category.ACCOMMODATION,
        unit=Unit.ROOM_NIGHT,
        unit_cost=4_500_000,
    )
    services.norm_set_value(
        norm_set=norm_set, by=reviewer, category=Category.TRANSPORT, unit=Unit.CAR_DAY, unit_cost=3_000_000
    )
    services.norm_set_value(
        norm_set=norm_set,
        by=reviewer,
        category=Category.INTERPRETATION,
        unit=Unit.INTERPRETER_DAY,
        unit_cost=12_000_000,
    )
    services.cap_set(norm_set=norm_set, by=reviewer, category=Category.TRANSPORT, cap=100_000_000)
    services.normset_publish(norm_set=norm_set, by=reviewer)
    return norm_set


def line(category=Category.TRANSPORT, unit=Unit.CAR_DAY, quantity=10, unit_cost=2_500_000, **kw):
    return {
        "category": category,
        "unit": unit,
        "quantity": quantity,
        "unit_cost": unit_cost,
        "description": kw.pop("description", "Cars for delegations"),
        "justification": kw.pop("justification", ""),
        **kw,
    }


@pytest.fixture
def make_proposal(editor, mps, norms):
    def make(*lines, by=None, body=None, title="Security and transport"):
        proposal = services.proposal_create(body=body or mps, by=by or editor, title=title)
        for data in lines or (line(),):
            services.line_save(proposal=proposal, by=by or editor, data=data)
        return proposal

    return make
