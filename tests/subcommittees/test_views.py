import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from subcommittees import services
from subcommittees.enums import EscalationStatus, TaskStatus
from subcommittees.models import Escalation, Task

from .factories import EscalationFactory, TaskFactory


@pytest.fixture
def assigned(content, lead, member, approver):
    task = TaskFactory(subcommittee=content, assignee=member, approver=approver, created_by=lead)
    return services.task_leave_draft(task=task, by=lead)


def _url(name, *args):
    return reverse(f"subcommittees:{name}", args=args)


def test_task_create_missing_two_clears_then_assign_names_them(client, ceremony, content, lead, member):
    client.force_login(lead)
    response = client.post(
        _url("task_create") + "?subcommittee=content",
        {
            "title": "Speech of the Prime Minister",
            "assignee": member.pk,
            "description": "Draft the statement",
            "due_at": "2025-10-18T17:00",
            "responsible_unit": "MFA – Department of International Organisations",
            "priority": 3,
        },
    )
    task = Task.objects.get()
    assert response.status_code == 302

    response = client.post(_url("task_transition", task.pk, "assign"))

    # Post/redirect/get: the refusal is shown on the task's page, a reload resends nothing.
    assert response.status_code == 302
    assert response["Location"] == task.get_absolute_url()
    body = client.get(response["Location"]).content.decode()
    assert 'data-testid="action-error"' in body
    assert "clear product (deliverable)" in body
    assert "clear authority (approver)" in body
    task.refresh_from_db()
    assert task.status == TaskStatus.DRAFT
    assert task.due_at.isoformat() == "2025-10-18T10:00:00+00:00"


def test_task_create_due_after_milestone_keeps_what_was_typed(client, ceremony, content, lead, review):
    client.force_login(lead)

    response = client.post(
        _url("task_create") + "?subcommittee=content",
        {"title": "Rehearsal script", "due_at": "2025-10-21T17:00", "milestone": review.pk, "priority": 2},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["due_at"][0].startswith("Due ")
    assert 'value="Rehearsal script"' in response.content.decode()
    assert Task.objects.count() == 0


def test_task_edit_by_a_member_of_another_subcommittee_is_404(client, ceremony, assigned, other_member):
    client.force_login(other_member)

    response = client.post(_url("task_edit", assigned.pk), {"title": "Hijacked"})

    assert response.status_code == 404
    assigned.refresh_from_db()
    assert assigned.title != "Hijacked"


def test_task_approve_by_the_lead_who_is_not_approver_is_403_with_message(
    client, ceremony, assigned, lead, member
):
    services.task_submit(task=assigned, by=member, note="Text attached")
    client.force_login(lead)

    response = client.post(_url("task_transition", assigned.pk, "approve"))

    assert response.status_code == 403
    assert "approver may approve it." in response.content.decode()
    assigned.refresh_from_db()
    assert assigned.status == TaskStatus.AWAITING_APPROVAL


def test_task_start_twice_answers_409(client, ceremony, assigned, member):
    client.force_login(member)
    assert client.post(_url("task_transition", assigned.pk, "start")).status_code == 302

    response = client.post(_url("task_transition", assigned.pk, "start"))

    assert response.status_code == 409


def test_task_block_without_reason_is_400_next_to_the_field(client, ceremony, assigned, member):
    client.force_login(member)

    response = client.post(_url("task_transition", assigned.pk, "block"), {"text": ""})

    assert response.status_code == 400
    assert "Say what blocks this task." in response.content.decode()


def test_task_unknown_action_is_404(client, ceremony, assigned, lead):
    client.force_login(lead)

    assert client.post(_url("task_transition", assigned.pk, "explode")).status_code == 404


def test_dependency_cycle_through_the_page_is_400(client, ceremony, content, lead):
    a = TaskFactory(subcommittee=content, created_by=lead)
    b = TaskFactory(subcommittee=content, created_by=lead)
    services.task_dependency_add(task=a, depends_on=b, by=lead)
    client.force_login(lead)

    response = client.post(_url("dependency_add", b.pk), {"depends_on": a.pk})

    assert response.status_code == 400
    assert "cycle" in response.content.decode()


def test_submit_and_approve_through_the_pages(client, ceremony, assigned, member, approver):
    client.force_login(member)
    upload = SimpleUploadedFile("speech.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(_url("task_submit", assigned.pk), {"body": "Final speech", "attachment": upload})
    assert response.status_code == 302

    client.force_login(approver)
    response = client.post(_url("task_transition", assigned.pk, "approve"), {"text": "Well done"})

    assert response.status_code == 302
    assigned.refresh_from_db()
    assert assigned.status == TaskStatus.DONE
    assert assigned.updates.first().attachment_name == "speech.pdf"


def test_comment_with_bad_file_type_is_400(client, ceremony, assigned, member):
    client.force_login(member)
    upload = SimpleUploadedFile("tool.exe", b"MZ", content_type="application/octet-stream")

    response = client.post(_url("task_comment", assigned.pk), {"body": "see file", "attachment": upload})

    assert response.status_code == 400
    assert "are not accepted" in response.content.decode()
    assert assigned.updates.count() == 0


def test_escalate_and_decide_through_the_pages(client, ceremony, content, lead, steering):
    client.force_login(lead)
    response = client.post(
        _url("escalation_create") + "?subcommittee=content",
        {
            "title": "Hall handed over late",
            "impact": "No sweep before rehearsal",
            "decision_needed": "Order the contractor out",
            "needed_by": "2025-10-20T12:00",
        },
    )
    escalation = Escalation.objects.get()
    assert response.status_code == 302

    client.force_login(steering)
    dashboard = client.get(_url("steering_dashboard")).content.decode()
    assert "Hall handed over late" in dashboard
    response = client.post(
        _url("escalation_decide", escalation.pk), {"decision": "Contractor leaves on 21 October"}
    )

    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.DECIDED


def test_escalation_decide_by_a_lead_is_403(client, ceremony, content, lead):
    escalation = EscalationFactory(subcommittee=content, raised_by=lead)
    client.force_login(lead)

    response = client.post(_url("escalation_decide", escalation.pk), {"decision": "Mine"})

    assert response.status_code == 403
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.OPEN


def test_escalation_decide_empty_is_400(client, ceremony, content, lead, steering):
    escalation = EscalationFactory(subcommittee=content, raised_by=lead)
    client.force_login(steering)

    response = client.post(_url("escalation_decide", escalation.pk), {"decision": ""})

    assert response.status_code == 400


def test_lead_dashboard_shows_open_escalations_and_overdue(client, ceremony, content, lead, member, approver):
    late = TaskFactory(
        subcommittee=content, assignee=member, approver=approver, created_by=lead, title="Overdue plan"
    )
    late.due_at = late.due_at.replace(month=10, day=10)
    late.save()
    services.task_leave_draft(task=late, by=lead)
    EscalationFactory(subcommittee=content, raised_by=lead, title="Budget over norm")
    client.force_login(lead)

    response = client.get(_url("lead_dashboard", "content"))

    assert response.context["d"].totals["overdue"] == 1
    assert [t.title for t in response.context["d"].overdue] == ["Overdue plan"]
    assert "Budget over norm" in response.content.decode()


def test_task_export_csv_lists_visible_tasks(client, ceremony, content, reception, lead):
    TaskFactory(subcommittee=content, title="Security and traffic plan")
    TaskFactory(subcommittee=reception, title="Hidden from content")
    client.force_login(lead)

    response = client.get(_url("task_export"))

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [r[2] for r in rows[1:]] == ["Security and traffic plan"]
    assert response["Content-Type"].startswith("text/csv")


def test_task_list_filters_by_status(client, ceremony, content, lead, assigned):
    TaskFactory(subcommittee=content, title="Still a draft")
    client.force_login(lead)

    response = client.get(_url("task_list") + "?status=draft")

    assert [t.title for t in response.context["page"].object_list] == ["Still a draft"]


def test_milestone_move_refused_shows_the_reason(client, ceremony, content, secretariat, review, lead):
    TaskFactory(subcommittee=content, milestone=review, created_by=lead)
    client.force_login(secretariat)

    response = client.post(
        _url("milestone_edit", review.pk),
        {"at": "2025-10-17T09:00", "status": "planned", "reason": "earlier"},
    )

    assert response.status_code == 400
    assert "move them first" in response.content.decode()


def test_home_sends_each_role_to_its_page(client, ceremony, lead, steering, make_user):
    client.force_login(steering)
    assert client.get(_url("home"))["Location"] == _url("steering_dashboard")
    client.force_login(lead)
    assert client.get(_url("home"))["Location"] == _url("lead_dashboard", "content")
    client.force_login(make_user())
    assert client.get(_url("home"))["Location"] == _url("my_tasks")


def test_task_edit_by_the_assignee_cannot_change_who_approves(
    client, ceremony, assigned, member, lead, approver
):
    client.force_login(member)

    response = client.post(
        _url("task_edit", assigned.pk),
        {
            "title": assigned.title,
            "assignee": member.pk,
            "description": "Sharper work description",
            "due_at": "2025-10-18T17:00",
            "responsible_unit": assigned.responsible_unit,
            "deliverable": assigned.deliverable,
            "approver": lead.pk,
            "priority": 2,
        },
    )

    assert response.status_code == 302
    assigned.refresh_from_db()
    assert (assigned.description, assigned.approver) == ("Sharper work description", approver)


def test_lead_dashboard_shows_the_steering_decision_of_this_week(client, ceremony, content, lead, steering):
    escalation = EscalationFactory(subcommittee=content, raised_by=lead, title="Airport welcome")
    services.escalation_decide(
        escalation=escalation, by=steering, decision="A Deputy Prime Minister welcomes"
    )
    client.force_login(lead)

    response = client.get(_url("lead_dashboard", "content"))

    assert [e.title for e in response.context["d"].decided] == ["Airport welcome"]
    assert response.context["d"].escalations == []
    assert "A Deputy Prime Minister welcomes" in response.content.decode()


def test_attachment_download_is_served_with_nosniff_and_the_stored_type(client, ceremony, assigned, member):
    client.force_login(member)
    upload = SimpleUploadedFile("notes.txt", b"<script>alert(1)</script>", content_type="text/html")
    client.post(_url("task_comment", assigned.pk), {"body": "see file", "attachment": upload})
    update = assigned.updates.exclude(attachment="").get()

    response = client.get(reverse("subcommittees:attachment", args=[update.pk]))

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith('attachment; filename="notes.txt"')
