"""Audit actions of accreditation, registered once with their sentences (pages show these, never codes)."""

from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.audit.registry import register

register(
    "accreditation.opened", _("Accreditation opened"), _("%(actor)s opened the accreditation of %(target)s.")
)
register(
    "accreditation.pre_approved",
    _("Pre-approved"),
    _("%(actor)s pre-approved %(target)s for security vetting."),
)
register(
    "accreditation.approved",
    _("Approved by security"),
    _("%(actor)s recorded security approval of %(target)s."),
)
register("accreditation.put_on_hold", _("Put on hold"), _("%(actor)s put %(target)s on hold."))
register(
    "accreditation.rejected",
    _("Rejected by security"),
    _("%(actor)s recorded that security rejected %(target)s."),
)
register(
    "accreditation.reset", _("Back to new"), _("%(actor)s sent %(target)s back to new (the request changed).")
)
register(
    "accreditation.imported",
    _("Security decision imported"),
    _("%(actor)s imported the security decision for %(target)s: %(from)s → %(to)s."),
)
register(
    "accreditation.category_changed",
    _("Category changed"),
    _("%(actor)s changed the badge category of %(target)s to %(category)s."),
)
register(
    "accreditation.photo_approved", _("Photo approved"), _("%(actor)s approved the photo of %(target)s.")
)
register(
    "accreditation.photo_rejected", _("Photo rejected"), _("%(actor)s rejected the photo of %(target)s.")
)
register("accreditation.photo_replaced", _("Photo replaced"), _("%(actor)s gave a new photo for %(target)s."))
register(
    "accreditation.photo_exempted",
    _("Photo not required"),
    _("%(actor)s noted that %(target)s needs no photo."),
)
register(
    "accreditation.photo_missing", _("Photo missing"), _("%(actor)s noted that %(target)s has no photo.")
)
register(
    "accreditation.exported",
    _("Security export downloaded"),
    _("%(actor)s downloaded the security export (%(format)s, %(rows)s people)."),
)
register(
    "mediaapplication.submitted",
    _("Media application submitted"),
    _("%(target)s applied for media accreditation."),
)
register(
    "zonepass.issued",
    _("Zone pass issued"),
    _("%(actor)s issued the %(zone)s pass no. %(number)s to %(holder)s."),
)
register(
    "zonepass.transferred",
    _("Zone pass transferred"),
    _("%(actor)s transferred the %(zone)s pass no. %(number)s from %(from_holder)s to %(holder)s."),
)
register(
    "zonepass.withdrawn",
    _("Zone pass withdrawn"),
    _("%(actor)s withdrew the %(zone)s pass no. %(number)s from %(holder)s."),
)
register(
    "zonepass.meeting_issued",
    _("Bilateral-suite pass given"),
    _("%(holder)s received the %(zone)s pass for a scheduled bilateral meeting."),
)
register(
    "zonepass.meeting_withdrawn",
    _("Bilateral-suite pass taken back"),
    _("%(holder)s no longer holds the %(zone)s pass of a bilateral meeting (cancelled or no longer listed)."),
)
register(
    "zonepassquota.changed",
    _("Zone pass quota changed"),
    _("%(actor)s set the %(zone)s passes of %(delegation)s to %(quota)s."),
)
register("badge.issued", _("Badge issued"), _("%(actor)s issued badge %(target)s."))
register("badge.printed", _("Badge printed"), _("%(actor)s marked badge %(target)s printed."))
register("badge.collected", _("Badge collected"), _("%(actor)s handed badge %(target)s to %(collected_by)s."))
register("badge.revoked", _("Badge revoked"), _("%(actor)s revoked badge %(target)s (%(reason)s)."))
register(
    "badgecollection.recorded",
    _("Badges collected"),
    _("%(actor)s recorded that %(collected_by)s collected %(count)s badges (receipt %(target)s)."),
)
register(
    "signingkey.created", _("Signing key created"), _("%(actor)s created the badge signing key %(target)s.")
)
register(
    "signingkey.retiring",
    _("Signing key retiring"),
    _("%(actor)s rotated the badge signing key: %(target)s now only verifies."),
)
register(
    "signingkey.retired", _("Signing key retired"), _("%(actor)s retired the badge signing key %(target)s.")
)
