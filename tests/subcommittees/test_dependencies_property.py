"""Whatever links people try to add, the dependency graph never holds a cycle."""

import contextlib

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from subcommittees import services
from subcommittees.models import TaskDependency

from .factories import TaskFactory


def _has_cycle(edges: set[tuple[int, int]]) -> bool:
    graph: dict[int, set[int]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    state: dict[int, int] = {}

    def visit(node) -> bool:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1 or (state.get(nxt) is None and visit(nxt)):
                return True
        state[node] = 2
        return False

    return any(state.get(n) is None and visit(n) for n in list(graph))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=15))
def test_dependency_graph_stays_acyclic(content, lead, pairs):
    TaskDependency.objects.all().delete()
    tasks = list(content.tasks.order_by("pk")[:6])
    while len(tasks) < 6:
        tasks.append(TaskFactory(subcommittee=content, created_by=lead))

    for a, b in pairs:
        with contextlib.suppress(ValidationError):
            services.task_dependency_add(task=tasks[a], depends_on=tasks[b], by=lead)

    edges = set(TaskDependency.objects.values_list("task_id", "depends_on_id"))
    assert not _has_cycle(edges)
    accepted_self_links = [a for a, b in edges if a == b]
    assert accepted_self_links == []
