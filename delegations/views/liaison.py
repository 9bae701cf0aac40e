"""A delegation's page and what its liaison (or an organiser) does on it. Another delegation's URL is a 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hanoi_ceremony.accounts.roles import Role, is_organiser, role_required
from hanoi_ceremony.audit.selectors import history_rows
from hanoi_ceremony.core.pagecache import cached_fragment
from hanoi_ceremony.core.uploads import download_name, protected_file_response

from .. import selectors, services
from ..enums import Capacity, DelegationStatus
from ..forms import (
    DocumentForm,
    FullPowersUploadForm,
    MemberForm,
)
from ..models import Delegation, DelegationDocument, FullPowers, Member
from ..permissions import (
    REVIEWER_ROLES,
    delegation_for,
    delegations_visible_to,
    liaison_delegation_id,
    may_view_delegation,
)
from ..services import NAMESPACE
from ._common import _delegation_action, _delegation_form, _denied, _member_data


@role_required(Role.LIAISON)
def mine(request):
    """A liaison's entry point: their delegation's page."""
    delegation_id = liaison_delegation_id(request.user)
    if not delegation_id:
        return redirect("delegations:list")
    return redirect("delegations:detail", pk=delegation_id)


@role_required(Role.LIAISON, *REVIEWER_ROLES)
def detail(request, pk: int):
    """A delegation's page. The permission check (from the cached roles) runs on every request; a delegation
    that does not exist is a 404 from the selectors on a cache miss. The body is cached per delegation
    and per what the visitor may do there (organiser, its liaison, passports shown, registration open) —
    plus the minute for organisers, who see which invitations have expired."""
    if not may_view_delegation(request.user, pk):
        raise Http404
    organiser = is_organiser(request.user)
    is_liaison = liaison_delegation_id(request.user) == pk
    may_see_passports = services.may_see_passports(request.user, Delegation(pk=pk))
    registration_open = services.registration_open()
    key = f"detail:{pk}:o{organiser:d}:l{is_liaison:d}:p{may_see_passports:d}:r{registration_open:d}"
    if organiser:
        key += ":" + timezone.now().strftime("%Y%m%d%H%M")
    body = cached_fragment(
        request,
        namespaces=(NAMESPACE,),
        key=key,
        template="delegations/_detail_body.html",
        context=lambda: _detail_context(
            request,
            pk=pk,
            organiser=organiser,
            is_liaison=is_liaison,
            may_see_passports=may_see_passports,
            registration_open=registration_open,
        ),
    )
    title = cached_fragment(
        request,
        namespaces=(NAMESPACE,),
        key=f"title:{pk}",
        template="delegations/_detail_title.txt",
        context=lambda: {"name": _name_or_404(pk)},
    )
    return render(request, "delegations/detail.html", {"body": body, "title": title})


def _name_or_404(pk: int) -> str:
    name = Delegation.objects.filter(pk=pk).values_list("name", flat=True).first()
    if name is None:
        raise Http404
    return name


def _detail_context(
    request, *, pk: int, organiser: bool, is_liaison: bool, may_see_passports: bool, registration_open: bool
) -> dict:
    try:
        delegation = selectors.delegation_detail(base=delegations_visible_to(request.user), pk=pk)
    except Delegation.DoesNotExist:  # removed between the check and here
        raise Http404 from None
    history = selectors.delegation_history(delegation=delegation)
    changes = selectors.changes_since_review(delegation=delegation, history=history)
    members = selectors.members_in_protocol_order(delegation.members.all())
    head = next((m for m in members if m.capacity == Capacity.HEAD), None)
    for member in members:
        member.masked_passport = services.mask_passport(member.passport_number)
        member.needs_photo = not member.photo and services.photo_required(
            member=member, head_rank=head.rank if head else None
        )
    # Per delegation: an extension or a request for changes reopens it (the key's flag is the ceremony's).
    registration_open = services.registration_open(delegation=delegation)
    may_edit = (organiser or (is_liaison and registration_open)) and (
        delegation.status in services.EDITABLE_STATES
    )
    return {
        "delegation": delegation,
        "members": members,
        "history_rows": history_rows(history, highlight=changes),
        "changes": changes,
        "full_powers": [m.full_powers for m in members if hasattr(m, "full_powers")],
        "documents": list(delegation.documents.all()),
        "invitations": list(delegation.invitations.all()) if organiser else [],
        "is_organiser": organiser,
        "is_liaison": is_liaison,
        "may_edit": may_edit,
        "may_see_passports": may_see_passports,
        "may_submit": delegation.status in (DelegationStatus.REGISTERING, DelegationStatus.CHANGES_REQUESTED)
        and may_edit,
        "problems": services.submission_problems(delegation=delegation)
        if delegation.status in (DelegationStatus.REGISTERING, DelegationStatus.CHANGES_REQUESTED)
        else [],
        "registration_open": registration_open,
        "registration_deadline": services.registration_deadline_for(delegation),
        "deadline_form_value": delegation.registration_deadline_extended_to,
        "signs": delegation.may_sign,
        "now": timezone.now(),
    }


@role_required(Role.LIAISON, Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def member_add(request, pk: int):
    delegation = delegation_for(request.user, pk)
    form = MemberForm(request.POST or None, request.FILES or None)
    return _delegation_form(
        request,
        delegation=delegation,
        form=form,
        run=lambda: services.member_add(
            delegation=delegation,
            by=request.user,
            data=_member_data(form, True),
            photo=form.cleaned_data.get("photo_upload"),
        ),
        done=_("The member was added."),
        title=_("Add a member"),
    )


@role_required(Role.LIAISON, Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def member_edit(request, pk: int, member_pk: int):
    delegation = delegation_for(request.user, pk)
    member = get_object_or_404(Member, pk=member_pk, delegation=delegation)
    see = services.may_see_passports(request.user, delegation)
    form = MemberForm(request.POST or None, request.FILES or None, instance=member)
    if not see:
        form.fields["passport_number"].disabled = True
        form.initial["passport_number"] = services.mask_passport(member.passport_number)
    elif request.method == "GET" and member.passport_number:
        services.member_passport_reveal(member=member, by=request.user)  # the form shows it: audited
    return _delegation_form(
        request,
        delegation=delegation,
        form=form,
        run=lambda: services.member_update(
            member=member,
            by=request.user,
            data=_member_data(form, see),
            photo=form.cleaned_data.get("photo_upload"),
        ),
        done=_("The member's details were saved."),
        title=_("Edit %(name)s") % {"name": member},
    )


@role_required(Role.LIAISON, Role.ORGANISER)
@require_POST
def member_remove(request, pk: int, member_pk: int):
    delegation = delegation_for(request.user, pk)
    member = get_object_or_404(Member, pk=member_pk, delegation=delegation)
    return _delegation_action(
        request,
        delegation=delegation,
        run=lambda: services.member_remove(member=member, by=request.user),
        done=_("The member was removed."),
    )


@role_required(Role.LIAISON, Role.ACCREDITATION)
def member_passport(request, pk: int, member_pk: int):
    """The full passport number, for the liaison and accreditation officers only; every view is audited."""
    delegation = delegation_for(request.user, pk)
    member = get_object_or_404(Member, pk=member_pk, delegation=delegation)
    try:
        number = services.member_passport_reveal(member=member, by=request.user)
    except PermissionDenied as exc:
        return _denied(request, delegation, exc)
    return render(
        request, "delegations/passport.html", {"delegation": delegation, "member": member, "number": number}
    )


@role_required(Role.LIAISON, *REVIEWER_ROLES)
def member_photo(request, pk: int, member_pk: int):
    delegation = delegation_for(request.user, pk)
    member = get_object_or_404(Member, pk=member_pk, delegation=delegation)
    if not member.photo:
        raise Http404
    return protected_file_response(member.photo, download_name=f"photo-{member.pk}.jpg")


@role_required(Role.LIAISON, Role.ORGANISER)
@require_POST
def submit(request, pk: int):
    delegation = delegation_for(request.user, pk)
    return _delegation_action(
        request,
        delegation=delegation,
        run=lambda: services.delegation_submit(delegation=delegation, by=request.user),
        done=_("Your registration was submitted for review."),
    )


@role_required(Role.LIAISON, Role.ORGANISER)
@require_POST
def withdraw(request, pk: int):
    delegation = delegation_for(request.user, pk)
    return _delegation_action(
        request,
        delegation=delegation,
        run=lambda: services.delegation_withdraw(
            delegation=delegation, by=request.user, reason=request.POST.get("reason", "")
        ),
        done=_("The delegation was withdrawn."),
    )


@role_required(Role.LIAISON, Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def document_add(request, pk: int):
    delegation = delegation_for(request.user, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    return _delegation_form(
        request,
        delegation=delegation,
        form=form,
        run=lambda: services.document_upload(
            delegation=delegation,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            by=request.user,
        ),
        done=_("The document was uploaded."),
        title=_("Upload a note verbale or credentials"),
    )


@role_required(Role.LIAISON, *REVIEWER_ROLES)
def document_download(request, pk: int, document_pk: int):
    delegation = delegation_for(request.user, pk)
    document = get_object_or_404(DelegationDocument, pk=document_pk, delegation=delegation)
    return protected_file_response(
        document.file, download_name=download_name(document.original_name, extension="pdf")
    )


@role_required(Role.LIAISON, Role.ORGANISER)
@require_POST
def signatory_designate(request, pk: int, member_pk: int):
    delegation = delegation_for(request.user, pk)
    member = get_object_or_404(Member, pk=member_pk, delegation=delegation)
    return _delegation_action(
        request,
        delegation=delegation,
        run=lambda: services.signatory_designate(member=member, by=request.user),
        done=_("%(name)s is the intended signatory.") % {"name": member},
    )


@role_required(Role.LIAISON, Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def full_powers_upload(request, pk: int, full_powers_pk: int):
    delegation = delegation_for(request.user, pk)
    full_powers = get_object_or_404(
        FullPowers.objects.select_related("member"), pk=full_powers_pk, member__delegation=delegation
    )
    form = FullPowersUploadForm(request.POST or None, request.FILES or None)
    return _delegation_form(
        request,
        delegation=delegation,
        form=form,
        run=lambda: services.full_powers_upload(
            full_powers=full_powers, upload=form.cleaned_data["file"], by=request.user
        ),
        done=_("The instrument of full powers was received."),
        title=_("Full powers for %(name)s") % {"name": full_powers.member},
    )


@role_required(Role.LIAISON, *REVIEWER_ROLES)
def full_powers_download(request, pk: int, full_powers_pk: int):
    delegation = delegation_for(request.user, pk)
    full_powers = get_object_or_404(FullPowers, pk=full_powers_pk, member__delegation=delegation)
    if not full_powers.document:
        raise Http404
    return protected_file_response(
        full_powers.document, download_name=f"full-powers-{full_powers.member_id}.pdf"
    )
