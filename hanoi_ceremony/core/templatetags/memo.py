"""`{% memo a b c %}…{% endmemo %}`: a block rendered once per process for each value of its key.

For markup that depends only on what the key names and on code (URLs, translations), never on the
database: the navigation is the same for every visitor with the same roles, language and counts, and
rendering it (dozens of `{% url %}` and `{% translate %}` tags) cost more than the rest of a cached page.
The active language and the script prefix are always part of the key. Each block keeps its own memory
(Django's cached template loader keeps the compiled template, so the memory lives as long as the process;
a deploy or an edited template starts afresh). A block that holds a CSRF token, the visitor's name or
anything read from the database must not be memoised, or must name that value in its key.
"""

import threading
import weakref
from collections import OrderedDict

from django import template
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()

MAX_ENTRIES = 128  # per block: roles × languages × counts seen recently
_nodes: "weakref.WeakSet[MemoNode]" = weakref.WeakSet()


def _freeze(value):
    if isinstance(value, set | frozenset):
        return tuple(sorted(map(str, value)))
    if isinstance(value, list | tuple):
        return tuple(_freeze(item) for item in value)
    return str(value)


class MemoNode(template.Node):
    def __init__(self, nodelist, key_expressions):
        self.nodelist = nodelist
        self.key_expressions = key_expressions
        self.memory: OrderedDict[tuple, str] = OrderedDict()
        self.lock = threading.Lock()
        _nodes.add(self)

    def render(self, context):
        key = (
            translation.get_language(),
            get_script_prefix(),
            *(_freeze(expression.resolve(context)) for expression in self.key_expressions),
        )
        with self.lock:
            html = self.memory.get(key)
            if html is not None:
                self.memory.move_to_end(key)
                return html
        html = mark_safe(self.nodelist.render(context))
        with self.lock:
            self.memory[key] = html
            while len(self.memory) > MAX_ENTRIES:
                self.memory.popitem(last=False)
        return html


@register.tag
def memo(parser, token):
    bits = token.split_contents()[1:]
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(nodelist, [parser.compile_filter(bit) for bit in bits])


def forget() -> None:
    """Empty every block's memory (tests)."""
    for node in list(_nodes):
        with node.lock:
            node.memory.clear()
