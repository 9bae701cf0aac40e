from bench.harness import Target


def targets() -> list[Target]:
    """The hall screen (page and the JSON it polls) and the printed plenary speakers' list, all public."""
    from agenda.signing.enums import SpeakersListKind
    from agenda.signing.models import SpeakersList

    found = [
        Target(name="signing-board", path="/signing/board/"),
        Target(name="signing-board-json", path="/signing/board.json"),
    ]
    plenary = SpeakersList.objects.filter(kind=SpeakersListKind.PLENARY).order_by("pk").first()
    if plenary is not None:
        found.append(Target(name="signing-speakers-plenary", path=f"/signing/speakers/{plenary.pk}/"))
    return found
