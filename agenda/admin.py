"""Admin for reference data (venues, rooms, slots, booths). Sessions, registrations, proposals and
publications change only through the programme pages, which go through agenda.services; here they are
read-only so no admin save can bypass the room and capacity rules."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from hanoi_ceremony.core.admin_mixins import DeclaredAreasAdmin, ReadOnlyAdmin

from .models import (
    Booth,
    BoothAllocation,
    ChangelogEntry,
    ProgrammeVersion,
    Room,
    Session,
    SessionRegistration,
    SideEventProposal,
    SideEventSlot,
    Venue,
)

# Reference data the public programme shows: every admin change invalidates its cached pages.
BumpProgrammeAdmin = DeclaredAreasAdmin


@admin.register(Venue)
class VenueAdmin(BumpProgrammeAdmin):
    list_display = ["name", "address"]


@admin.register(Room)
class RoomAdmin(TranslationAdmin, BumpProgrammeAdmin):
    list_display = ["name", "venue", "capacity", "for_bilaterals"]
    list_filter = ["for_bilaterals"]
    list_select_related = ["venue"]


@admin.register(SideEventSlot)
class SideEventSlotAdmin(BumpProgrammeAdmin):
    list_display = ["__str__", "starts_at", "ends_at"]


@admin.register(Booth)
class BoothAdmin(BumpProgrammeAdmin):
    list_display = ["code", "zone", "size"]
    list_filter = ["zone", "size"]


@admin.register(Session)
class SessionAdmin(TranslationAdmin, ReadOnlyAdmin):
    list_display = ["title", "kind", "starts_at", "ends_at", "room", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["room"]
    search_fields = ["title"]


@admin.register(SessionRegistration)
class SessionRegistrationAdmin(ReadOnlyAdmin):
    list_display = ["session", "member", "status", "created_at"]
    list_select_related = ["session", "member"]


@admin.register(SideEventProposal)
class SideEventProposalAdmin(ReadOnlyAdmin):
    list_display = ["title", "delegation", "status", "created_at"]
    list_select_related = ["delegation"]


@admin.register(BoothAllocation)
class BoothAllocationAdmin(ReadOnlyAdmin):
    list_display = ["booth", "exhibitor_name", "exhibitor_kind", "contact_name", "setup_starts_at"]
    list_select_related = ["booth"]


@admin.register(ProgrammeVersion)
class ProgrammeVersionAdmin(ReadOnlyAdmin):
    list_display = ["number", "published_at", "published_by", "note"]
    exclude = ["snapshot"]


@admin.register(ChangelogEntry)
class ChangelogEntryAdmin(ReadOnlyAdmin):
    list_display = ["version", "kind", "title"]
    list_select_related = ["version"]
