from bench.harness import Target


def targets() -> list[Target]:
    return [
        Target(name="subcommittees-steering-dashboard", path="/subcommittees/steering/", user="steering"),
        Target(name="subcommittees-lead-dashboard", path="/subcommittees/content/", user="lead.content"),
        Target(name="subcommittees-my-tasks", path="/subcommittees/my-tasks/", user="member.content"),
        Target(name="subcommittees-task-list", path="/subcommittees/tasks/", user="secretariat"),
    ]
