import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hanoi_ceremony.audit.models import AuditEntry
from hanoi_ceremony.notifications.models import Notification
from subcommittees import services
from subcommittees.enums import EscalationStatus, TaskStatus, UpdateKind
from subcommittees.models import Task, TaskDependency, TaskUpdate

from .factories import EscalationFactory, TaskFactory, hanoi


@pytest.fixture
def draft(content, lead, member, approver):
    return TaskFactory(subcommittee=content, assignee=member, approver=approver, created_by=lead)


def _assigned(task, by):
    return services.task_leave_draft(task=task, by=by)


def test_task_create_saves_a_draft_even_without_the_clears(content, lead):
    task = services.task_create(subcommittee=content, by=lead, title="Speech of the Prime Minister")

    assert task.status == TaskStatus.DRAFT
    assert AuditEntry.objects.filter(action="task.created", target_id=str(task.pk)).count() == 1


def test_task_create_by_a_member_is_refused(content, member):
    with pytest.raises(PermissionDenied):
        services.task_create(subcommittee=content, by=member, title="Something")

    assert Task.objects.count() == 0


def test_task_create_due_after_its_milestone_is_refused_with_the_reason(content, lead, review):
    with pytest.raises(ValidationError) as exc:
        services.task_create(
            subcommittee=content, by=lead, title="Late", due_at=hanoi(10, 21), milestone=review
        )

    assert "after its milestone" in exc.value.message_dict["due_at"][0]
    assert Task.objects.count() == 0


def test_task_leave_draft_names_exactly_the_missing_clears(content, lead, member):
    task = services.task_create(
        subcommittee=content,
        by=lead,
        title="Rehearsal script",
        assignee=member,
        description="Write the script",
        due_at=hanoi(10, 22),
        responsible_unit="Office of the Ministry",
    )

    with pytest.raises(ValidationError) as exc:
        services.task_leave_draft(task=task, by=lead)

    message = exc.value.messages[0]
    assert "clear product (deliverable)" in message
    assert "clear authority (approver)" in message
    assert "clear person" not in message
    task.refresh_from_db()
    assert task.status == TaskStatus.DRAFT


def test_task_leave_draft_with_six_clears_tells_assignee_and_approver(
    draft, lead, member, approver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        task = services.task_leave_draft(task=draft, by=lead)

    assert task.status == TaskStatus.NOT_STARTED
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        "member_content",
        "approver",
    }
    assert len(mail.outbox) == 2


def test_task_update_cannot_empty_a_clear_of_an_assigned_task(draft, lead):
    task = _assigned(draft, lead)

    with pytest.raises(ValidationError) as exc:
        services.task_update(task=task, by=lead, deliverable="")

    assert "clear product (deliverable)" in exc.value.messages[0]
    task.refresh_from_db()
    assert task.deliverable == "A document"


def test_task_update_member_cannot_reassign(draft, lead, member, make_user):
    task = _assigned(draft, lead)
    someone = make_user()

    with pytest.raises(PermissionDenied):
        services.task_update(task=task, by=member, assignee=someone)


def test_task_update_member_changes_description_of_own_task(draft, lead, member):
    task = _assigned(draft, lead)

    task = services.task_update(task=task, by=member, description="Revised work")

    assert task.description == "Revised work"


def test_task_block_requires_a_reason(draft, lead, member):
    task = _assigned(draft, lead)

    with pytest.raises(ValidationError):
        services.task_block(task=task, by=member, reason="  ")

    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED


def test_task_block_and_unblock_tell_the_lead(draft, lead, member, django_capture_on_commit_callbacks):
    task = _assigned(draft, lead)
    with django_capture_on_commit_callbacks(execute=True):
        task = services.task_block(task=task, by=member, reason="Waiting for UNODC")

    assert task.status == TaskStatus.BLOCKED
    assert task.blocked_reason == "Waiting for UNODC"
    assert Notification.objects.filter(recipient=lead, kind="subcommittees.task_blocked").count() == 1

    task = services.task_unblock(task=task, by=member)
    assert (task.status, task.blocked_reason) == (TaskStatus.IN_PROGRESS, "")


def test_task_submit_only_by_the_assignee(draft, lead):
    task = services.task_start(task=_assigned(draft, lead), by=lead)

    with pytest.raises(PermissionDenied):
        services.task_submit(task=task, by=lead, note="Here it is")


def test_task_submit_then_approve_makes_it_done(
    draft, lead, member, approver, django_capture_on_commit_callbacks
):
    task = services.task_start(task=_assigned(draft, lead), by=member)
    with django_capture_on_commit_callbacks(execute=True):
        task = services.task_submit(task=task, by=member, note="Final text attached")
    assert task.status == TaskStatus.AWAITING_APPROVAL
    assert Notification.objects.filter(recipient=approver, kind="subcommittees.task_submitted").count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        task = services.task_approve(task=task, by=approver, comment="Good")

    assert (task.status, task.progress, task.approved_by) == (TaskStatus.DONE, 100, approver)
    assert list(task.updates.values_list("kind", flat=True)) == [UpdateKind.SUBMISSION, UpdateKind.APPROVAL]
    assert Notification.objects.filter(recipient=member, kind="subcommittees.task_approved").count() == 1


def test_task_approve_by_someone_else_is_refused(draft, lead, member):
    task = services.task_start(task=_assigned(draft, lead), by=member)
    task = services.task_submit(task=task, by=member, note="Done")

    with pytest.raises(PermissionDenied):
        services.task_approve(task=task, by=lead)

    task.refresh_from_db()
    assert task.status == TaskStatus.AWAITING_APPROVAL


def test_task_reject_returns_to_in_progress_with_the_comment(draft, lead, member, approver):
    task = services.task_submit(task=_assigned(draft, lead), by=member, note="Done")

    task = services.task_reject(task=task, by=approver, comment="Shorten the second part")

    assert (task.status, task.submitted_at) == (TaskStatus.IN_PROGRESS, None)
    assert task.updates.last().body == "Shorten the second part"


def test_task_reject_without_comment_is_refused(draft, lead, member, approver):
    task = services.task_submit(task=_assigned(draft, lead), by=member, note="Done")

    with pytest.raises(ValidationError):
        services.task_reject(task=task, by=approver, comment="")


def test_task_cannot_be_submitted_before_its_dependency_is_done(content, lead, member, approver):
    first = _assigned(
        TaskFactory(subcommittee=content, assignee=member, approver=approver, created_by=lead), lead
    )
    second = _assigned(
        TaskFactory(subcommittee=content, assignee=member, approver=approver, created_by=lead), lead
    )
    services.task_dependency_add(task=second, depends_on=first, by=lead)

    with pytest.raises(services.TransitionError) as exc:
        services.task_submit(task=second, by=member, note="Done")

    assert first.title in exc.value.message
    second.refresh_from_db()
    assert second.status == TaskStatus.NOT_STARTED


def test_task_dependency_cycle_is_refused(content, lead):
    a, b, c = (TaskFactory(subcommittee=content, created_by=lead) for _ in range(3))
    services.task_dependency_add(task=a, depends_on=b, by=lead)
    services.task_dependency_add(task=b, depends_on=c, by=lead)

    with pytest.raises(ValidationError) as exc:
        services.task_dependency_add(task=c, depends_on=a, by=lead)

    assert "cycle" in exc.value.message_dict["depends_on"][0]
    assert TaskDependency.objects.count() == 2


def test_task_dependency_on_itself_is_refused(content, lead):
    a = TaskFactory(subcommittee=content, created_by=lead)

    with pytest.raises(ValidationError):
        services.task_dependency_add(task=a, depends_on=a, by=lead)


def test_task_dependency_remove_forgets_the_link(content, lead):
    a, b = (TaskFactory(subcommittee=content, created_by=lead) for _ in range(2))
    services.task_dependency_add(task=a, depends_on=b, by=lead)

    services.task_dependency_remove(task=a, depends_on=b, by=lead)

    assert TaskDependency.objects.count() == 0


def test_task_cancel_needs_a_reason_and_a_lead(draft, lead, member):
    task = _assigned(draft, lead)
    with pytest.raises(PermissionDenied):
        services.task_cancel(task=task, by=member, reason="No longer needed")
    with pytest.raises(ValidationError):
        services.task_cancel(task=task, by=lead, reason="")

    task = services.task_cancel(task=task, by=lead, reason="No longer needed")

    assert task.status == TaskStatus.CANCELLED


def test_task_start_twice_is_a_conflict(draft, lead):
    task = services.task_start(task=_assigned(draft, lead), by=lead)

    with pytest.raises(services.TransitionError):
        services.task_start(task=task, by=lead)


def test_task_set_progress_out_of_range_is_refused(draft, lead):
    task = _assigned(draft, lead)

    with pytest.raises(ValidationError):
        services.task_set_progress(task=task, by=lead, progress=120)
    task = services.task_set_progress(task=task, by=lead, progress=45)

    assert task.progress == 45


def test_task_post_update_with_attachment_stores_the_file(draft, lead, member):
    upload = SimpleUploadedFile("draft-speech.pdf", b"%PDF-1.4 test", content_type="application/pdf")

    update = services.task_post_update(task=draft, by=member, body="First draft", attachment=upload)

    assert (update.attachment_name, update.attachment_size) == ("draft-speech.pdf", 13)


def test_task_post_update_refuses_an_executable(draft, member):
    upload = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")

    with pytest.raises(ValidationError) as exc:
        services.task_post_update(task=draft, by=member, body="", attachment=upload)

    assert "exe" in exc.value.message_dict["attachment"][0]
    assert TaskUpdate.objects.count() == 0


def test_task_post_update_refuses_a_file_over_the_limit(draft, member, monkeypatch):
    monkeypatch.setattr(services._common, "ATTACHMENT_MAX_BYTES", 10)
    upload = SimpleUploadedFile("big.pdf", b"x" * 11, content_type="application/pdf")

    with pytest.raises(ValidationError) as exc:
        services.task_post_update(task=draft, by=member, body="big", attachment=upload)

    assert "limit" in exc.value.message_dict["attachment"][0]


def test_escalation_raise_tells_the_steering_committee(
    content, lead, steering, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        escalation = services.escalation_raise(
            subcommittee=content,
            by=lead,
            title="Interpretation over budget",
            impact="No Vietnamese booth",
            decision_needed="Approve the overspend",
            needed_by=hanoi(10, 19),
        )

    assert escalation.status == EscalationStatus.OPEN
    assert (
        Notification.objects.filter(recipient=steering, kind="subcommittees.escalation_raised").count() == 1
    )


def test_escalation_raise_by_a_member_is_refused(content, member):
    with pytest.raises(PermissionDenied):
        services.escalation_raise(
            subcommittee=content,
            by=member,
            title="x",
            impact="y",
            decision_needed="z",
            needed_by=hanoi(10, 19),
        )


def test_escalation_decide_records_the_decision_and_tells_the_lead(
    content, lead, steering, django_capture_on_commit_callbacks
):
    escalation = EscalationFactory(subcommittee=content, raised_by=lead)

    with django_capture_on_commit_callbacks(execute=True):
        decided = services.escalation_decide(
            escalation=escalation, by=steering, decision="Approved above the norm"
        )

    assert (decided.status, decided.decided_by) == (EscalationStatus.DECIDED, steering)
    assert Notification.objects.filter(recipient=lead, kind="subcommittees.escalation_decided").count() == 1
    with pytest.raises(services.TransitionError):
        services.escalation_decide(escalation=decided, by=steering, decision="Again")


def test_escalation_decide_by_a_lead_is_refused(content, lead):
    escalation = EscalationFactory(subcommittee=content, raised_by=lead)

    with pytest.raises(PermissionDenied):
        services.escalation_decide(escalation=escalation, by=lead, decision="I decide")


def test_escalation_withdraw_closes_it(content, lead):
    escalation = EscalationFactory(subcommittee=content, raised_by=lead)

    assert services.escalation_withdraw(escalation=escalation, by=lead).status == EscalationStatus.WITHDRAWN


def test_milestone_move_before_its_tasks_is_refused(content, lead, secretariat, review):
    TaskFactory(subcommittee=content, milestone=review, due_at=hanoi(10, 19), created_by=lead)

    with pytest.raises(ValidationError) as exc:
        services.milestone_move(milestone=review, by=secretariat, at=hanoi(10, 18, 9))

    assert "move them first" in exc.value.message_dict["at"][0]
    review.refresh_from_db()
    assert review.at == hanoi(10, 20, 9)


def test_milestone_move_tells_the_leads(
    content, lead, secretariat, review, django_capture_on_commit_callbacks
):
    TaskFactory(subcommittee=content, milestone=review, due_at=hanoi(10, 19), created_by=lead)

    with django_capture_on_commit_callbacks(execute=True):
        moved = services.milestone_move(
            milestone=review, by=secretariat, at=hanoi(10, 21, 9), reason="Leaders' agenda"
        )

    assert moved.at == hanoi(10, 21, 9)
    assert Notification.objects.filter(recipient=lead, kind="subcommittees.milestone_moved").count() == 1


def test_milestone_create_and_status_by_the_secretariat(secretariat, lead):
    milestone = services.milestone_create(
        by=secretariat, title="Rehearsal", at=hanoi(10, 23, 8), kind="rehearsal", owner=secretariat
    )
    milestone = services.milestone_set_status(milestone=milestone, by=secretariat, status="at_risk")

    assert milestone.status == "at_risk"
    with pytest.raises(PermissionDenied):
        services.milestone_create(by=lead, title="x", at=hanoi(10, 23), kind="review", owner=lead)


def test_task_submitted_email_names_the_task_and_links_to_it(
    draft, lead, member, approver, django_capture_on_commit_callbacks
):
    draft.title = "Speech of the Prime Minister & talking points"
    draft.save()
    task = services.task_leave_draft(task=draft, by=lead)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.task_submit(task=task, by=member, note="Final text")

    assert [m.subject for m in mail.outbox] == [
        "Awaiting your approval: Speech of the Prime Minister & talking points"
    ]
    assert f"/subcommittees/tasks/{task.pk}/" in mail.outbox[0].body
    assert "Final text" in mail.outbox[0].body


def test_escalation_raise_about_another_subcommittees_task_is_refused(content, reception, lead):
    foreign = TaskFactory(subcommittee=reception)

    with pytest.raises(ValidationError) as exc:
        services.escalation_raise(
            subcommittee=content,
            by=lead,
            title="x",
            impact="y",
            decision_needed="z",
            needed_by=hanoi(10, 19),
            task=foreign,
        )

    assert "another subcommittee" in exc.value.message_dict["task"][0]


def test_task_update_new_assignee_is_told(
    draft, lead, make_user, content, django_capture_on_commit_callbacks
):
    from subcommittees.models import Membership

    task = _assigned(draft, lead)
    newcomer = make_user(username="newcomer")
    Membership.objects.create(user=newcomer, subcommittee=content, role="member")

    with django_capture_on_commit_callbacks(execute=True):
        services.task_update(task=task, by=lead, assignee=newcomer)

    assert Notification.objects.filter(recipient=newcomer, kind="subcommittees.task_assigned").count() == 1


def test_task_post_update_attachment_is_stored_under_a_server_name(draft, member):
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 test", content_type="application/pdf")

    update = services.task_post_update(task=draft, by=member, body="plan", attachment=upload)

    assert update.attachment.name.endswith(".pdf")
    assert "plan" not in update.attachment.name


def test_task_post_update_refuses_html_named_as_a_pdf(draft, member):
    upload = SimpleUploadedFile("plan.pdf", b"<html><script>x()</script>", content_type="application/pdf")

    with pytest.raises(ValidationError) as exc:
        services.task_post_update(task=draft, by=member, body="", attachment=upload)

    assert "not what its name says" in exc.value.message_dict["attachment"][0]
    assert TaskUpdate.objects.count() == 0
