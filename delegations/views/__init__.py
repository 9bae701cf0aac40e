"""Thin views: check who asks, call a selector or a service, render. Another delegation's URL is a 404."""

from .invitations import deadline_extend, invitation_accept, invitation_action, invitation_send  # noqa: F401
from .liaison import (  # noqa: F401
    detail,
    document_add,
    document_download,
    full_powers_download,
    full_powers_upload,
    member_add,
    member_edit,
    member_passport,
    member_photo,
    member_remove,
    mine,
    signatory_designate,
    submit,
    withdraw,
)
from .organiser import (  # noqa: F401
    bulk_decide,
    delegation_create,
    delegation_list,
    export,
    report,
    review,
    review_inbox,
)
from .privacy import member_anonymise, member_export, member_privacy, retention  # noqa: F401
