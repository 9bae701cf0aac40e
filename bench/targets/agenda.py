from bench.harness import Target


def targets() -> list[Target]:
    from agenda.models import Session

    session = Session.objects.filter(kind="side_event", status="published").order_by("pk").first()
    found = [
        Target(name="programme", path="/programme/"),
        Target(name="programme-day2-side-events", path="/programme/?day=2025-10-26&kind=workshop"),
        Target(name="programme-ics", path="/programme/programme.ics"),
        Target(name="exhibitors", path="/programme/exhibitors/"),
        Target(name="programme-changes", path="/programme/changes/"),
        Target(name="my-programme", path="/programme/mine/", user="programme-liaison"),
    ]
    if session is not None:
        found.append(Target(name="session-detail", path=f"/programme/sessions/{session.pk}/"))
    return found
