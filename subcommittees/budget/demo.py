"""Demo budget: the bodies of the Hanoi Convention's organisation, realistic expenditure norms in đồng
(version 1 in force and frozen, version 2 a draft), proposals in every state, a consolidated estimate
approved by the Steering Committee and spending recorded against it. Idempotent. ``--scale N`` adds
synthetic agencies with accepted proposals, so the consolidated estimate grows N×.

The amounts are plausible for a two-day summit in Hà Nội; they are demo data, not the real estimate.
"""

import datetime

from django.utils import timezone

from hanoi_ceremony.accounts.demo import ensure_user
from hanoi_ceremony.accounts.models import User
from hanoi_ceremony.accounts.roles import Role
from hanoi_ceremony.core.demo import HANOI, demo_clock

from . import services
from .enums import BodyKind, BodyRole, Category, ProposalStatus, SpendingKind, Unit
from .models import Body, Estimate, NormSet, Proposal

C, U = Category, Unit

BODIES = [
    # name, short name, kind, is_finance, demo editor (username, first, last)
    ("Ministry of Finance", "MOF", BodyKind.MINISTRY, True, None),
    ("Ministry of Public Security", "MPS", BodyKind.MINISTRY, False, ("budget.mps", "Khanh", "Trinh")),
    ("Ministry of Foreign Affairs", "MOFA", BodyKind.MINISTRY, False, ("budget.mofa", "Ngoc", "Vo")),
    (
        "Ministry of Culture, Sports and Tourism",
        "MCST",
        BodyKind.MINISTRY,
        False,
        ("budget.mcst", "Thao", "Dinh"),
    ),
    ("Hà Nội People's Committee", "HNPC", BodyKind.LOCALITY, False, ("budget.hanoi", "Long", "Phan")),
]

# (category, unit, highest unit cost in đồng, note)
NORMS = [
    (C.VENUE, U.DAY, 450_000_000, "National Convention Centre: plenary hall, rooms, technical staff"),
    (C.SECURITY, U.PERSON_DAY, 850_000, "Allowance of security and traffic police on duty"),
    (C.RECEPTION, U.COVER, 1_500_000, "Welcome reception, per guest"),
    (C.TRANSPORT, U.CAR_DAY, 3_500_000, "Car with driver, 4–7 seats, fuel included"),
    (C.ACCOMMODATION, U.ROOM_NIGHT, 4_500_000, "Five-star hotel room for delegates hosted by Viet Nam"),
    (C.INTERPRETATION, U.INTERPRETER_DAY, 12_000_000, "Simultaneous interpreter, UN standard"),
    (C.COMMUNICATIONS, U.ITEM, 150_000, "Printed material per copy"),
    (C.COMMUNICATIONS, U.PACKAGE, 600_000_000, "Press centre equipment and operation"),
    (C.GALA_DINNER, U.COVER, 2_500_000, "Gala dinner, per guest, with the cultural programme"),
    (C.EXHIBITION, U.BOOTH, 60_000_000, "Technology Exhibition booth, built and equipped"),
    (C.HEALTH, U.PERSON_DAY, 650_000, "Medical teams and food-safety inspectors"),
    (C.TECHNOLOGY, U.DAY, 220_000_000, "Network, Wi-Fi, audio-visual and cybersecurity operations"),
]

CAPS = [
    (C.VENUE, 1_500_000_000),
    (C.TRANSPORT, 3_200_000_000),
    (C.ACCOMMODATION, 4_000_000_000),
    (C.GALA_DINNER, 1_600_000_000),
    (C.INTERPRETATION, 1_300_000_000),
]

# body short name -> (title, final state, lines: (category, description, qty, unit, unit cost, justification))
PROPOSALS = {
    "MPS": (
        "Security, traffic and venue for the opening for signature",
        ProposalStatus.ACCEPTED,
        [
            (C.SECURITY, "Security and traffic police, 22–27 October", 1_800, U.PERSON_DAY, 850_000, ""),
            (C.VENUE, "National Convention Centre, 24 (rehearsal) to 26 October", 3, U.DAY, 450_000_000, ""),
            (C.TECHNOLOGY, "Network and cybersecurity operations centre", 4, U.DAY, 220_000_000, ""),
            (C.TRANSPORT, "Escort and liaison cars", 240, U.CAR_DAY, 3_500_000, ""),
        ],
    ),
    "MOFA": (
        "Reception, protocol and interpretation",
        ProposalStatus.ACCEPTED,
        [
            (C.RECEPTION, "Welcome reception for heads of delegation", 450, U.COVER, 1_500_000, ""),
            (C.GALA_DINNER, "Gala dinner, 25 October", 600, U.COVER, 2_500_000, ""),
            (
                C.INTERPRETATION,
                "Simultaneous interpretation, six UN languages and Vietnamese",
                84,
                U.INTERPRETER_DAY,
                13_500_000,
                "UN Secretariat standard rate for conference interpreters recruited abroad.",
            ),
            (
                C.ACCOMMODATION,
                "Rooms for hosted heads of delegation and officials",
                520,
                U.ROOM_NIGHT,
                4_500_000,
                "",
            ),
            (C.TRANSPORT, "Motorcades for Heads of State and Government", 180, U.CAR_DAY, 3_500_000, ""),
        ],
    ),
    "MCST": (
        "Communications, cultural programme and exhibition",
        ProposalStatus.SUBMITTED,
        [
            (C.COMMUNICATIONS, "Press centre for 500 journalists", 1, U.PACKAGE, 650_000_000, ""),
            (C.COMMUNICATIONS, "Programme booklets and city banners", 12_000, U.ITEM, 150_000, ""),
            (C.EXHIBITION, "Viet Nam's booths in the Technology Exhibition", 6, U.BOOTH, 60_000_000, ""),
        ],
    ),
    "HNPC": (
        "City services: transport, health care and decoration",
        ProposalStatus.RETURNED,
        [
            (C.TRANSPORT, "Shuttle cars between hotels and the venue", 300, U.CAR_DAY, 4_200_000, ""),
            (C.HEALTH, "Medical teams at hotels and the venue", 420, U.PERSON_DAY, 650_000, ""),
            (C.OTHER, "Street decoration and lighting", 1, U.PACKAGE, 2_800_000_000, ""),
        ],
    ),
}


def _body(name, short, kind, is_finance, subcommittee=None) -> Body:
    return Body.objects.get_or_create(
        short_name=short,
        defaults={"name": name, "kind": kind, "is_finance": is_finance, "subcommittee": subcommittee},
    )[0]


def _proposal(body: Body, editor, title, lines) -> Proposal:
    proposal = services.proposal_create(body=body, by=editor, title=title)
    for category, description, qty, unit, cost, why in lines:
        services.line_save(
            proposal=proposal,
            by=editor,
            data={
                "category": category,
                "description": description,
                "quantity": qty,
                "unit": unit,
                "unit_cost": cost,
                "justification": why,
                "task": None,
            },
        )
    return proposal


# The budget's story: norms in force early September, proposals through September, the estimate approved
# in early October, spending recorded until a few days before the story's "today" (11 October).
STORY_FROM = (2025, 9, 5, 9, 0)
STORY_UNTIL = (2025, 10, 8, 17, 0)


def seed(*, scale: int, out) -> None:
    if Body.objects.filter(is_finance=True).exists():
        out.write(f"  budget: {Proposal.objects.count()} proposals (already seeded)")
        return
    began = timezone.now()
    _seed(scale=scale, out=out)
    _place_in_story(began, timezone.now())


def _place_in_story(began: datetime.datetime, ended: datetime.datetime) -> None:
    """Everything the seeder just did happened in the story's September, not at the moment it ran: each
    time it wrote (on the budget's rows and in their audit history) is moved, in the same order, into the
    story window, through the demo clock (the replay keeps 2025; the living demo puts it behind today)."""
    from django.apps import apps
    from django.db import models

    from hanoi_ceremony.audit.models import AuditEntry

    start = demo_clock.past(datetime.datetime(*STORY_FROM, tzinfo=HANOI))
    end = demo_clock.past(datetime.datetime(*STORY_UNTIL, tzinfo=HANOI))
    span = max(ended - began, datetime.timedelta(microseconds=1))

    def move(value):
        if value is None or not began <= value <= ended:
            return value
        return start + (end - start) * ((value - began) / span)

    for model in apps.get_app_config("budget").get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)]
        if not names:
            continue
        rows = list(model.objects.all())
        for row in rows:
            for name in names:
                setattr(row, name, move(getattr(row, name)))
        model.objects.bulk_update(rows, names, batch_size=500)
    entries = list(AuditEntry.objects.filter(created_at__gte=began, created_at__lte=ended))
    for entry in entries:
        entry.created_at = move(entry.created_at)
    AuditEntry.objects.bulk_update(entries, ["created_at"], batch_size=500)


def _seed(*, scale: int, out) -> None:
    steering = User.objects.filter(username="steering").first() or ensure_user(
        "steering", description="Steering Committee member", roles=(Role.STEERING,)
    )
    reviewer = ensure_user(
        "finance.reviewer",
        description="Ministry of Finance reviewer: expenditure norms, proposals, the consolidated estimate",
        first_name="Quynh",
        last_name="Nguyen",
        organisation="Ministry of Finance – Department of Public Expenditure",
    )
    bodies = {short: _body(name, short, kind, fin) for name, short, kind, fin, _e in BODIES}
    services.body_member_add(body=bodies["MOF"], user=reviewer, role=BodyRole.FINANCE_REVIEWER)
    lead_finance = User.objects.filter(username="lead.finance").first()
    if lead_finance is not None:
        services.body_member_add(body=bodies["MOF"], user=lead_finance, role=BodyRole.FINANCE_REVIEWER)
    editors = {}
    for name, short, _kind, _fin, editor in BODIES:
        if editor is None:
            continue
        username, first, last = editor
        editors[short] = ensure_user(
            username,
            description=f"Budget editor of the {name}: prepares and submits its proposals",
            first_name=first,
            last_name=last,
            organisation=name,
        )
        services.body_member_add(body=bodies[short], user=editors[short], role=BodyRole.EDITOR)
    # Subcommittees propose too: each lead edits their subcommittee's proposals.
    from subcommittees.models import Subcommittee

    for sc in Subcommittee.objects.all():
        body = _body(f"{sc.name} Subcommittee", f"SC-{sc.slug}"[:40], BodyKind.SUBCOMMITTEE, False, sc)
        lead = User.objects.filter(
            subcommittee_memberships__subcommittee=sc, subcommittee_memberships__role="lead"
        ).first()
        if lead is not None:
            services.body_member_add(body=body, user=lead, role=BodyRole.EDITOR)
            bodies[body.short_name] = body
            editors[body.short_name] = lead

    norms = services.normset_create(
        by=reviewer,
        title="Expenditure norms for the Hanoi Convention signing ceremony",
        basis="Circular 71/2018/TT-BTC on international conferences in Viet Nam, as applied to this event (demo)",
    )
    for category, unit, cost, note in NORMS:
        services.norm_set_value(
            norm_set=norms, by=reviewer, category=category, unit=unit, unit_cost=cost, note=note
        )
    for category, cap in CAPS:
        services.cap_set(norm_set=norms, by=reviewer, category=category, cap=cap)
    services.normset_publish(norm_set=norms, by=reviewer)

    for short, (title, final, lines) in PROPOSALS.items():
        proposal = _proposal(bodies[short], editors[short], title, lines)
        if final == ProposalStatus.DRAFT:
            continue
        services.proposal_submit(proposal=proposal, by=editors[short])
        if final == ProposalStatus.RETURNED:
            services.proposal_return(
                proposal=proposal,
                by=reviewer,
                message="Shuttle car-day rate is above the norm (3,500,000 đồng); the decoration package needs a "
                "breakdown and a justification.",
            )
        elif final == ProposalStatus.ACCEPTED:
            services.proposal_accept(proposal=proposal, by=reviewer)
    sc_reception = "SC-reception"
    if sc_reception in bodies:
        _proposal(
            bodies[sc_reception],
            editors[sc_reception],
            "Airport welcome and flowers for heads of delegation",
            [(C.RECEPTION, "Flowers and welcome at the aircraft", 110, U.ITEM, 1_200_000, "")],
        )
    for extra in range(1, scale):
        for k in range(3):
            body = _body(
                f"Synthetic agency {extra:02d}-{k}", f"SYN-{extra:02d}-{k}", BodyKind.MINISTRY, False
            )
            user = ensure_user(f"budget.syn.{extra}.{k}", description="Synthetic budget editor (scale)")
            services.body_member_add(body=body, user=user, role=BodyRole.EDITOR)
            proposal = _proposal(
                body,
                user,
                f"Synthetic proposal {extra:02d}-{k}",
                [
                    (C.TRANSPORT, "Cars", 20 + k, U.CAR_DAY, 3_500_000, ""),
                    (C.ACCOMMODATION, "Rooms", 40 + extra, U.ROOM_NIGHT, 4_200_000, ""),
                    (C.SECURITY, "Staff", 100, U.PERSON_DAY, 850_000, ""),
                    (C.HEALTH, "Medical staff", 30, U.PERSON_DAY, 650_000, ""),
                    (C.INTERPRETATION, "Interpreters", 4, U.INTERPRETER_DAY, 12_000_000, ""),
                    (C.RECEPTION, "Reception", 50, U.COVER, 1_600_000, "Higher menu for a national day"),
                ],
            )
            services.proposal_submit(proposal=proposal, by=user)
            services.proposal_accept(proposal=proposal, by=reviewer)

    estimate = services.estimate_create(
        by=reviewer, title="Consolidated estimate for the Hanoi Convention signing ceremony"
    )
    services.estimate_submit(estimate=estimate, by=reviewer)
    services.estimate_approve(estimate=estimate, by=steering, decision_reference="QĐ 1234/QĐ-BCĐ (demo)")
    lines = {line.description: line for line in estimate.lines.all()}
    for description, kind, amount, reference in (
        (
            "National Convention Centre, 24 (rehearsal) to 26 October",
            SpendingKind.COMMITTED,
            1_350_000_000,
            "Contract 18/2025/HĐ-TTHNQG",
        ),
        (
            "National Convention Centre, 24 (rehearsal) to 26 October",
            SpendingKind.PAID,
            675_000_000,
            "Advance payment UNC 0412",
        ),
        ("Gala dinner, 25 October", SpendingKind.COMMITTED, 1_560_000_000, "Contract 22/2025/HĐ-GALA"),
        ("Escort and liaison cars", SpendingKind.COMMITTED, 910_000_000, "Contract 07/2025/HĐ-VT"),
        (
            "Motorcades for Heads of State and Government",
            SpendingKind.COMMITTED,
            702_000_000,
            "Contract 08/2025/HĐ-VT",
        ),
    ):
        if description in lines:
            services.spending_record(
                line=lines[description], by=reviewer, kind=kind, amount=amount, reference=reference
            )
    # A change of norms is a new version: version 2 is being drafted (version 1 stays frozen).
    draft = services.normset_create(by=reviewer, title="Revised norms (draft)", copy_from=norms)
    services.norm_set_value(
        norm_set=draft,
        by=reviewer,
        category=C.TRANSPORT,
        unit=U.CAR_DAY,
        unit_cost=3_800_000,
        note="Fuel price rise",
    )
    out.write(
        f"  budget: {Body.objects.count()} bodies, {Proposal.objects.count()} proposals, "
        f"{NormSet.objects.count()} norm versions, {Estimate.objects.count()} estimate(s)"
    )
