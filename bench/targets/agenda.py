from bench.harness import Target


def targets() -> list[Target]:
    from agenda.models import Session
    from hanoi_ceremony.core.selectors import ceremony_get

    session = Session.objects.filter(kind="side_event", status="published").order_by("pk").first()
    ceremony = ceremony_get()  # the living demo's days move with today: ask the ceremony for its second day
    day2 = ceremony.last_day.isoformat() if ceremony else ""
    found = [
        Target(name="programme", path="/programme/"),
        Target(name="programme-day2-side-events", path=f"/programme/?day={day2}&kind=workshop"),
        Target(name="programme-ics", path="/programme/programme.ics"),
        Target(name="exhibitors", path="/programme/exhibitors/"),
        Target(name="programme-changes", path="/programme/changes/"),
        Target(name="my-programme", path="/programme/mine/", user="programme-liaison"),
    ]
    if session is not None:
        found.append(Target(name="session-detail", path=f"/programme/sessions/{session.pk}/"))
    return found
