"""Links only to pages the reader may open (tests/core/test_link_crawl.py crawls every role's links)."""

from django import template

from .. import permissions

register = template.Library()


@register.filter
def sees_milestone_reports(user) -> bool:
    return permissions.can_view_milestone_reports(user)


@register.filter
def may_open_task(task, user) -> bool:
    return permissions.may_open_task(user, task)


@register.filter
def may_open_escalation(escalation, user) -> bool:
    return permissions.may_open_escalation(user, escalation)
