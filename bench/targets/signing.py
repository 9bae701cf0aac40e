from bench.harness import Target


def targets() -> list[Target]:
    from agenda.signing.enums import SpeakersListKind
    from agenda.signing.models import SpeakersList

    plenary = SpeakersList.objects.filter(kind=SpeakersListKind.PLENARY).order_by("pk").first()
    found = [
        Target(name="signing-board", path="/signing/board/"),
        Target(name="signing-board-json", path="/signing/board.json"),
    ]
    if plenary is not None:
        found.append(Target(name="signing-speakers-plenary", path=f"/signing/speakers/{plenary.pk}/"))
        found.append(
            Target(
                name="signing-chair-plenary", path=f"/signing/speakers/{plenary.pk}/chair/", user="organiser"
            )
        )
    found.append(Target(name="signing-roster", path="/signing/", user="organiser"))
    return found
