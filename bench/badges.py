"""Badge printing throughput: 1,000 badges, each with its own photo, drawn as A6 badges imposed on A4
sheets (signed QR codes, names, colour bands, zone codes), against the floor of drawing the same sheets
with only the photos, in the same run.

    python bench/badges.py [--n 1000] [--layout a6|id1]

Runs on its own SQLite file (var/bench-badges/db.sqlite3, rebuilt each run) with the test settings; the
photos are distinct 600×800 JPEGs with camera-like detail (about 70 KB each), re-encoded by the
product's own photo cleaner as uploads are. Prints exactly one line:

    bench: badges n=<n> seconds=<s> floor_seconds=<s> ratio=<s/floor>
"""

import argparse
import io
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--layout", choices=("a6", "id1"), default="a6")
    args = parser.parse_args()

    var = ROOT / "var" / "bench-badges"
    shutil.rmtree(var, ignore_errors=True)
    (var / "media").mkdir(parents=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{var / 'db.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "hanoi_ceremony.settings.test"
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = var / "media"
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from PIL import Image, ImageFilter

    call_command("migrate", verbosity=0)
    from delegations.accreditation import pdf
    from delegations.accreditation.demo import _reference_data
    from delegations.accreditation.models import Accreditation, Badge
    from delegations.accreditation.selectors import badges_for_pdf
    from delegations.accreditation.services.badges import validity_for
    from delegations.models import Delegation, Member
    from hanoi_ceremony.core.demo import seed as seed_ceremony
    from hanoi_ceremony.core.uploads import photo_clean

    seed_ceremony(scale=1, out=io.StringIO())
    categories = list(_reference_data().values())
    delegations = [
        Delegation.objects.create(name=f"State {i}", participant_type="igo", region="international")
        for i in range(max(args.n // 10, 1))
    ]
    members, photos = [], []
    # Passport-style photos as a camera gives them (600×800, detail the JPEG has to keep), each different.
    base = Image.effect_noise((600, 800), 32).convert("RGB").filter(ImageFilter.GaussianBlur(1))
    for i in range(args.n):
        buffer = io.BytesIO()
        tint = Image.new("RGB", (600, 800), ((i * 37) % 256, (i * 91) % 256, (i * 53) % 256))
        Image.blend(base, tint, 0.5).rotate(i % 360).save(buffer, "JPEG", quality=92)
        photo = photo_clean(SimpleUploadedFile(f"p{i}.jpg", buffer.getvalue(), content_type="image/jpeg"))
        members.append(
            Member(
                delegation=delegations[i % len(delegations)],
                family_name=f"Nguyễn-{i}",
                given_names="Thị Lan",
                capacity="representative",
                nationality="VNM",
                passport_number=f"B{i:07d}",
            )
        )
        photos.append(photo)
    Member.objects.bulk_create(members)
    for member, photo in zip(members, photos, strict=True):
        member.photo.save(photo.name, photo, save=False)
    Member.objects.bulk_update(members, ["photo"])
    accreditations = Accreditation.objects.bulk_create(
        [
            Accreditation(
                kind="member",
                member=m,
                delegation_id=m.delegation_id,
                passport_key=f"VNM:B{i:07d}",
                category=categories[i % len(categories)],
                vetting="approved",
                photo_state="approved",
            )
            for i, m in enumerate(members)
        ]
    )
    zones = {c.pk: [z.code for z in c.zones.all()] for c in categories}
    rows = []
    for i, a in enumerate(accreditations):
        start, end = validity_for(a.category)
        rows.append(
            Badge(
                accreditation=a,
                serial=100000 + i,
                category=a.category,
                category_code=a.category.code,
                zone_codes=zones[a.category_id],
                valid_from=start,
                valid_until=end,
            )
        )
    Badge.objects.bulk_create(rows)

    def load():
        return list(badges_for_pdf(Badge.objects.all()).order_by("pk"))

    pdf.badges_pdf(load()[:2], layout=args.layout, imposed=True)  # fonts registered, key created
    t0 = time.perf_counter()
    floor_pdf = pdf.photos_only_pdf(load(), layout=args.layout)
    floor = time.perf_counter() - t0
    t0 = time.perf_counter()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
    real_pdf = pdf.badges_pdf(load(), layout=args.layout, imposed=True)
    seconds = time.perf_counter() - t0
    if os.environ.get("BENCH_PROFILE"):
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    print(
        f"[bench] badges pdf={len(real_pdf) // 1024} KiB floor_pdf={len(floor_pdf) // 1024} KiB",
        file=sys.stderr,
    )
    print(
        f"bench: badges n={args.n} seconds={seconds:.2f} floor_seconds={floor:.2f} ratio={seconds / floor:.2f}"
    )
    shutil.rmtree(var, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
