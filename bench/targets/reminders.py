from bench.harness import Target


def targets() -> list[Target]:
    from hanoi_ceremony.reminders.models import Reminder

    pages = [
        Target(name="reminders_list", path="/reminders/", user="organiser"),
        Target(name="reminders_failed", path="/reminders/?state=failed", user="organiser"),
    ]
    first = Reminder.objects.order_by("pk").values_list("pk", flat=True).first()
    if first is not None:
        pages.append(Target(name="reminders_preview", path=f"/reminders/{first}/", user="organiser"))
    return pages
