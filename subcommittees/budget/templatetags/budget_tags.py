from django import template

from ..money import format_dong

register = template.Library()


@register.filter
def dong(value) -> str:
    """An integer amount with the active locale's thousands separator (no currency sign)."""
    return format_dong(value)


@register.inclusion_tag("budget/_variance_panel.html", takes_context=True)
def budget_variance_panel(context):
    """The approved estimate's variance per category, for the Steering Committee's dashboard (a cached
    fragment refreshed by the budget's content area)."""
    from hanoi_ceremony.core.pagecache import cached_fragment

    from ..selectors import variance_by_category

    request = context["request"]
    html = cached_fragment(
        request,
        namespaces=("budget",),
        key="variance",
        template="budget/_variance_body.html",
        context=lambda: {"v": variance_by_category()},
    )
    return {"html": html}


@register.filter
def get_line(mapping, key):
    """{line id: {...}}[key], or zeros."""
    return (mapping or {}).get(key) or {"committed": 0, "paid": 0}
