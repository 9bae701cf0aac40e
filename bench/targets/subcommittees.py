from bench.harness import Target


def targets() -> list[Target]:
    return [
        Target(
            name="subcommittees: Steering Committee dashboard",
            path="/subcommittees/steering/",
            user="steering",
        ),
        Target(
            name="subcommittees: lead dashboard (Content)",
            path="/subcommittees/content/",
            user="lead.content",
        ),
        Target(
            name="subcommittees: my tasks (member)", path="/subcommittees/my-tasks/", user="member.content"
        ),
        Target(name="subcommittees: task list", path="/subcommittees/tasks/", user="secretariat"),
    ]
