"""Demo data for the organising machinery: five subcommittees, their leads and members, the milestones of
the master plan (../shared/domain.md "Organisation and milestones") and realistic tasks in a mix of states.

Idempotent (rows are looked up by natural keys); ``--scale N`` adds N-1 further batches of tasks.
Rows are written directly (not through services) so seeding stays fast and sends no notifications.
Every date goes through ``demo_clock`` (hanoi_ceremony/core/demo.py): in the living demo the milestones and due
dates lie ahead and what the story has done (submissions, approvals, decisions) lies behind today.
"""

import datetime

from django.db.models import Q

from hanoi_ceremony.accounts.demo import ensure_user
from hanoi_ceremony.accounts.models import User
from hanoi_ceremony.core.dates import CEREMONY_TZ
from hanoi_ceremony.core.demo import demo_clock
from hanoi_ceremony.core.pagecache import bump_for

from .enums import EscalationStatus, MembershipRole, MilestoneKind, MilestoneStatus, Priority, TaskStatus
from .models import Escalation, Membership, Milestone, Subcommittee, Task, TaskDependency, TaskUpdate

HANOI = CEREMONY_TZ  # the ceremony's time zone, defined once in core/dates.py


def at(month: int, day: int, hour: int = 17, minute: int = 0) -> datetime.datetime:
    """A 2025 moment of the story (unshifted: ``demo_clock`` moves it where it is written)."""
    return datetime.datetime(2025, month, day, hour, minute, tzinfo=HANOI)


SUBCOMMITTEES = [
    # slug, name, mandate, lead (first, last, org), member (first, last, org)
    (
        "content",
        "Content",
        "Programme content, speeches for key leaders, statements and documents of the ceremony.",
        ("Thu", "Nguyen", "Ministry of Foreign Affairs"),
        ("Quang", "Do", "Ministry of Public Security"),
    ),
    (
        "reception",
        "Reception",
        "Reception scenarios for senior leaders and delegations; protocol; airport and hotel arrangements.",
        ("Mai", "Pham", "Ministry of Foreign Affairs – State Protocol Department"),
        ("Tuan", "Vu", "Ministry of Foreign Affairs – State Protocol Department"),
    ),
    (
        "communications",
        "Communications and Culture",
        "Communications and propaganda plan with the Ministry of Culture, Sports and Tourism and Hà Nội; "
        "press centre; cultural programme.",
        ("Linh", "Hoang", "Ministry of Culture, Sports and Tourism"),
        ("Nam", "Bui", "Ministry of Public Security – Press Office"),
    ),
    (
        "security",
        "Security and Health",
        "Security and traffic, food safety and health care for delegations.",
        ("Hung", "Dang", "Ministry of Public Security"),
        ("Ha", "Ngo", "Ministry of Health"),
    ),
    (
        "finance",
        "Finance and Logistics",
        "Budget estimates and expenditure norms, venue logistics, transport, interpretation.",
        ("Phuong", "Ly", "Ministry of Public Security – Department of Finance"),
        ("Son", "Truong", "National Convention Centre"),
    ),
]

MILESTONES = [
    # key, title, kind, at, ends_at, status
    (
        "press",
        "Plan for the co-chaired press conference reported",
        MilestoneKind.DEADLINE,
        at(10, 16, 17),
        None,
        MilestoneStatus.MET,
    ),
    ("review", "Preliminary review", MilestoneKind.REVIEW, at(10, 20, 9), None, MilestoneStatus.AT_RISK),
    (
        "rehearsal",
        "Rehearsal presided by the President",
        MilestoneKind.REHEARSAL,
        at(10, 23, 8),
        None,
        MilestoneStatus.PLANNED,
    ),
    (
        "ceremony",
        "Signing ceremony of the Hanoi Convention",
        MilestoneKind.EVENT,
        at(10, 25, 8),
        at(10, 26, 18),
        MilestoneStatus.PLANNED,
    ),
]

D, NS, IP, BL, AW, DN, CX = (
    TaskStatus.DRAFT,
    TaskStatus.NOT_STARTED,
    TaskStatus.IN_PROGRESS,
    TaskStatus.BLOCKED,
    TaskStatus.AWAITING_APPROVAL,
    TaskStatus.DONE,
    TaskStatus.CANCELLED,
)

# slug -> [(title, work, responsible unit, deliverable, milestone, due, status, progress, priority, blocked reason)]
TASKS = {
    "content": [
        (
            "Opening speech of the President",
            "Draft the President's opening address on the theme of the Convention.",
            "MFA – Department of International Organisations",
            "Speech text, Vietnamese and English",
            "rehearsal",
            at(10, 21),
            AW,
            90,
            Priority.CRITICAL,
            "",
        ),
        (
            "Speech of the Prime Minister at the high-level segment",
            "Draft the Prime Minister's statement and talking points.",
            "MFA – Department of International Organisations",
            "Statement and talking points",
            "rehearsal",
            at(10, 22),
            IP,
            60,
            Priority.CRITICAL,
            "",
        ),
        (
            "Talking points for the UN Secretary-General's bilateral",
            "Prepare talking points for the host's meeting with the Secretary-General.",
            "MFA – Department of International Organisations",
            "Talking points (2 pages)",
            "review",
            at(10, 19),
            DN,
            100,
            Priority.HIGH,
            "",
        ),
        (
            "Ceremony programme and scenario",
            "Minute-by-minute programme of the opening for signature, agreed with UNODC and OLA.",
            "Ministry of Public Security – Department of International Cooperation",
            "Programme scenario document",
            "review",
            at(10, 18),
            DN,
            100,
            Priority.HIGH,
            "",
        ),
        (
            "Rehearsal script",
            "Script for the rehearsal presided by the President, with cues for every speaker.",
            "Ministry of Public Security – Office of the Ministry",
            "Rehearsal script",
            "rehearsal",
            at(10, 22, 12),
            NS,
            0,
            Priority.HIGH,
            "",
        ),
        (
            "Joint statement of the co-chairs",
            "Draft the joint statement to be issued after the signing.",
            "MFA – Department of International Law and Treaties",
            "Draft joint statement",
            "ceremony",
            at(10, 24),
            BL,
            40,
            Priority.NORMAL,
            "Waiting for UNODC comments on the second draft.",
        ),
        (
            "Background briefing on the Convention",
            "Briefing note on the Convention for Vietnamese leaders.",
            "",
            "",
            "review",
            None,
            D,
            0,
            Priority.NORMAL,
            "",
        ),
    ],
    "reception": [
        (
            "Reception scenario for Heads of State",
            "Airport welcome, motorcade and arrival at the National Convention Centre for Heads of State.",
            "MFA – State Protocol Department",
            "Reception scenario",
            "review",
            at(10, 19),
            IP,
            70,
            Priority.CRITICAL,
            "",
        ),
        (
            "Reception scenario for ministers and heads of delegation",
            "Welcome and accompaniment for ministers and other heads of delegation.",
            "MFA – State Protocol Department",
            "Reception scenario",
            "review",
            at(10, 19),
            AW,
            95,
            Priority.HIGH,
            "",
        ),
        (
            "Hotel allocation for delegations",
            "Allocate rooms in the designated hotels by protocol tier.",
            "Hanoi People's Committee – Department of Tourism",
            "Hotel allocation table",
            "rehearsal",
            at(10, 21),
            IP,
            50,
            Priority.HIGH,
            "",
        ),
        (
            "Liaison officers briefed",
            "Brief the liaison officers assigned to each delegation.",
            "MFA – State Protocol Department",
            "Briefing held, attendance list",
            "rehearsal",
            at(10, 22),
            NS,
            0,
            Priority.NORMAL,
            "",
        ),
        (
            "Gala dinner seating plan",
            "Seating plan by protocol tier for the gala dinner.",
            "MFA – State Protocol Department",
            "Seating plan",
            "ceremony",
            at(10, 24),
            BL,
            20,
            Priority.NORMAL,
            "The final list of Heads of State attending is not confirmed.",
        ),
        (
            "Welcome gifts",
            "Choose and order welcome gifts for heads of delegation.",
            "",
            "Gift list and order",
            "ceremony",
            None,
            D,
            0,
            Priority.LOW,
            "",
        ),
    ],
    "communications": [
        (
            "Press conference plan (co-chaired)",
            "Plan for the co-chaired press conference: speakers, room, accreditation, Q&A.",
            "Ministry of Public Security – Press Office",
            "Press conference plan",
            "press",
            at(10, 15),
            DN,
            100,
            Priority.CRITICAL,
            "",
        ),
        (
            "Communications and propaganda plan with MCST and Hà Nội",
            "Plan the communications campaign with the Ministry of Culture, Sports and Tourism and the city of Hà Nội.",
            "Ministry of Culture, Sports and Tourism",
            "Communications plan",
            "press",
            at(10, 14),
            DN,
            100,
            Priority.HIGH,
            "",
        ),
        (
            "Media accreditation and press centre",
            "Set up the press centre and accredit media at the venue.",
            "Ministry of Public Security – Press Office",
            "Press centre operational; accreditation list",
            "rehearsal",
            at(10, 22),
            IP,
            65,
            Priority.HIGH,
            "",
        ),
        (
            "Street banners and city decoration",
            "Banners on the main routes and at the venue, with Hà Nội.",
            "Hanoi People's Committee – Department of Culture",
            "Banners installed",
            "rehearsal",
            at(10, 22),
            IP,
            40,
            Priority.NORMAL,
            "",
        ),
        (
            "Cultural performance at the gala dinner",
            "Select and rehearse the cultural programme.",
            "Ministry of Culture, Sports and Tourism",
            "Performance programme",
            "ceremony",
            at(10, 24),
            NS,
            0,
            Priority.NORMAL,
            "",
        ),
        (
            "Photo exhibition on cybersecurity cooperation",
            "Exhibition in the venue foyer.",
            "",
            "",
            "ceremony",
            None,
            CX,
            0,
            Priority.LOW,
            "",
        ),
    ],
    "security": [
        (
            "Security and traffic plan",
            "Security perimeter, motorcade routes and traffic diversions for 25–26 October.",
            "Ministry of Public Security – Traffic Police Department",
            "Security and traffic plan",
            "review",
            at(10, 18),
            AW,
            95,
            Priority.CRITICAL,
            "",
        ),
        (
            "Food safety inspection plan",
            "Inspect kitchens and sample meals served to delegations.",
            "Ministry of Health – Food Safety Authority",
            "Inspection plan and schedule",
            "rehearsal",
            at(10, 21),
            IP,
            55,
            Priority.HIGH,
            "",
        ),
        (
            "Health care and emergency medical teams",
            "Medical posts at the venue and hotels; designated hospitals.",
            "Ministry of Health – Medical Services Administration",
            "Health care plan; teams rostered",
            "rehearsal",
            at(10, 22),
            NS,
            0,
            Priority.HIGH,
            "",
        ),
        (
            "Venue security sweep",
            "Sweep and secure the National Convention Centre before the rehearsal.",
            "Ministry of Public Security – Guard High Command",
            "Sweep report",
            "rehearsal",
            at(10, 22, 20),
            BL,
            10,
            Priority.CRITICAL,
            "Access to the plenary hall is not granted until the stage builders leave.",
        ),
        (
            "Cyber defence of the event networks",
            "Monitor and protect the venue and accreditation networks.",
            "Ministry of Public Security – Department of Cybersecurity",
            "Monitoring in place; incident procedure",
            "ceremony",
            at(10, 24),
            IP,
            70,
            Priority.CRITICAL,
            "",
        ),
    ],
    "finance": [
        (
            "Budget estimate",
            "Estimate the cost of the ceremony per subcommittee.",
            "Ministry of Public Security – Department of Finance",
            "Budget estimate submitted",
            "review",
            at(10, 17),
            DN,
            100,
            Priority.CRITICAL,
            "",
        ),
        (
            "Expenditure norms by the Ministry of Finance",
            "Obtain the applicable expenditure norms from the Ministry of Finance.",
            "Ministry of Finance – Department of Administrative Finance",
            "Expenditure norms circular",
            "review",
            at(10, 17),
            AW,
            90,
            Priority.HIGH,
            "",
        ),
        (
            "Interpretation booths and equipment",
            "Six UN languages plus Vietnamese in the plenary hall.",
            "National Convention Centre",
            "Booths installed and tested",
            "rehearsal",
            at(10, 22),
            IP,
            60,
            Priority.HIGH,
            "",
        ),
        (
            "Delegation transport",
            "Cars and buses for delegations between hotels and venue.",
            "Ministry of Public Security – Department of Logistics",
            "Transport plan and vehicles",
            "ceremony",
            at(10, 24),
            NS,
            0,
            Priority.NORMAL,
            "",
        ),
        (
            "Signing table and treaty book logistics",
            "Signing table, pens and the custody of the treaty book with OLA.",
            "National Convention Centre",
            "Signing room set",
            "ceremony",
            at(10, 24, 20),
            BL,
            30,
            Priority.HIGH,
            "The signing table design awaits the approval of OLA.",
        ),
    ],
}

DEPENDENCIES = [
    ("Rehearsal script", "Ceremony programme and scenario"),
    ("Rehearsal script", "Opening speech of the President"),
    ("Rehearsal script", "Reception scenario for Heads of State"),
    ("Press conference plan (co-chaired)", "Communications and propaganda plan with MCST and Hà Nội"),
    ("Budget estimate", "Expenditure norms by the Ministry of Finance"),
    ("Gala dinner seating plan", "Reception scenario for Heads of State"),
    ("Venue security sweep", "Security and traffic plan"),
]

ESCALATIONS = [
    (
        "security",
        "Venue security sweep",
        "Plenary hall closed to security until the stage is finished",
        "The sweep cannot start before the rehearsal; the President's rehearsal would run in an unswept hall.",
        "Order the stage contractor to hand over the plenary hall by 21 October 18:00.",
        at(10, 20, 12),
        EscalationStatus.OPEN,
        "",
    ),
    (
        "finance",
        "Interpretation booths and equipment",
        "Interpretation cost above the Ministry of Finance norm",
        "Without a decision the seventh booth (Vietnamese) cannot be contracted.",
        "Approve spending above the norm for interpretation, or drop the Vietnamese booth.",
        at(10, 19, 17),
        EscalationStatus.OPEN,
        "",
    ),
    (
        "reception",
        "Reception scenario for Heads of State",
        "Airport welcome by a Deputy Prime Minister",
        "Protocol level for arriving Heads of State must be set before the scenario is final.",
        "Decide who welcomes Heads of State at Nội Bài.",
        at(10, 15, 12),
        EscalationStatus.DECIDED,
        "A Deputy Prime Minister welcomes Heads of State; ministers welcome Heads of Government.",
    ),
]


def _users(out) -> tuple[dict, dict]:
    leads, members = {}, {}
    for slug, name, _mandate, lead, member in SUBCOMMITTEES:
        leads[slug] = ensure_user(
            f"lead.{slug}",
            description=f"Lead of the {name} subcommittee: its dashboard, tasks, escalations",
            first_name=lead[0],
            last_name=lead[1],
            organisation=lead[2],
        )
        members[slug] = ensure_user(
            f"member.{slug}",
            description=f"Member of the {name} subcommittee: my tasks, submitting products",
            first_name=member[0],
            last_name=member[1],
            organisation=member[2],
        )
    return leads, members


def seed(*, scale: int, out) -> None:
    leads, members = _users(out)
    secretariat = User.objects.filter(username="secretariat").first() or leads["content"]
    steering = User.objects.filter(username="steering").first() or secretariat

    subcommittees = {}
    for order, (slug, name, mandate, _lead, _member) in enumerate(SUBCOMMITTEES, start=1):
        sc, _created = Subcommittee.objects.get_or_create(
            slug=slug, defaults={"name": name, "mandate": mandate, "order": order}
        )
        subcommittees[slug] = sc
        Membership.objects.get_or_create(
            user=leads[slug], subcommittee=sc, defaults={"role": MembershipRole.LEAD}
        )
        Membership.objects.get_or_create(
            user=members[slug], subcommittee=sc, defaults={"role": MembershipRole.MEMBER}
        )

    milestones = {}
    for key, title, kind, when, ends, status in MILESTONES:
        milestones[key], _created = Milestone.objects.get_or_create(
            title=title,
            defaults={
                "kind": kind,
                "at": demo_clock.shift(when),
                "ends_at": demo_clock.shift(ends),
                "status": status,
                "owner": secretariat,
            },
        )

    existing = set(Task.objects.values_list("subcommittee_id", "title"))
    new_tasks = []
    for batch in range(1, scale + 1):
        for slug, rows in TASKS.items():
            sc = subcommittees[slug]
            for i, (title, work, unit, product, ms, due, status, progress, priority, reason) in enumerate(
                rows
            ):
                full_title = title if batch == 1 else f"{title} (batch {batch})"
                if (sc.pk, full_title) in existing:
                    continue
                assignee = members[slug] if i % 3 != 2 else leads[slug]
                approver = leads[slug] if assignee != leads[slug] else steering
                task = Task(
                    subcommittee=sc,
                    title=full_title,
                    description=work,
                    assignee=assignee if status != TaskStatus.DRAFT or i % 2 else None,
                    due_at=demo_clock.shift(due),
                    responsible_unit=unit,
                    deliverable=product,
                    approver=approver if status != TaskStatus.DRAFT else None,
                    milestone=milestones[ms],
                    priority=priority,
                    status=status,
                    progress=progress,
                    blocked_reason=reason if status == TaskStatus.BLOCKED else "",
                    created_by=leads[slug],
                )
                if status in (TaskStatus.AWAITING_APPROVAL, TaskStatus.DONE):
                    task.submitted_at = demo_clock.past(due - datetime.timedelta(days=1))
                if status == TaskStatus.DONE:
                    task.approved_at = max(
                        task.submitted_at, demo_clock.past(due - datetime.timedelta(hours=12))
                    )
                    task.approved_by = approver
                new_tasks.append(task)
    Task.objects.bulk_create(new_tasks, batch_size=500)

    by_title = {
        t.title: t
        for t in Task.objects.filter(
            Q(title__in=[a for a, _b in DEPENDENCIES] + [b for _a, b in DEPENDENCIES])
        )
    }
    for task_title, dep_title in DEPENDENCIES:
        if task_title in by_title and dep_title in by_title:
            TaskDependency.objects.get_or_create(task=by_title[task_title], depends_on=by_title[dep_title])

    # A short update thread on the tasks waiting for approval and the blocked ones (first batch only).
    for task in Task.objects.filter(
        title__in=[row[0] for rows in TASKS.values() for row in rows],
        status__in=[TaskStatus.AWAITING_APPROVAL, TaskStatus.BLOCKED, TaskStatus.DONE],
    ).select_related("assignee"):
        if task.updates.exists():
            continue
        body = (
            f"Blocked: {task.blocked_reason}"
            if task.status == TaskStatus.BLOCKED
            else f"Submitted: {task.deliverable}. Ready for your approval."
        )
        kind = "comment" if task.status == TaskStatus.BLOCKED else "submission"
        TaskUpdate.objects.create(task=task, author=task.assignee, kind=kind, body=body)

    for slug, task_title, title, impact, decision_needed, needed_by, status, decision in ESCALATIONS:
        sc = subcommittees[slug]
        Escalation.objects.get_or_create(
            subcommittee=sc,
            title=title,
            defaults={
                "task": Task.objects.filter(subcommittee=sc, title=task_title).first(),
                "impact": impact,
                "decision_needed": decision_needed,
                "needed_by": demo_clock.shift(needed_by),
                "raised_by": leads[slug],
                "status": status,
                "decision": decision,
                "decided_by": steering if status == EscalationStatus.DECIDED else None,
                "decided_at": demo_clock.past(needed_by - datetime.timedelta(hours=6))
                if status == EscalationStatus.DECIDED
                else None,
            },
        )
    bump_for(Task)  # a bulk write: the cached dashboards and lists show the seeded work at once
    out.write(
        f"subcommittees: {len(subcommittees)} subcommittees, {Task.objects.count()} tasks, "
        f"{Escalation.objects.filter(status=EscalationStatus.OPEN).count()} open escalations"
    )
