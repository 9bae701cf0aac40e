"""Who may see and act on reminders: organisers only (the notification centre is everyone's own)."""

from hanoi_ceremony.accounts.roles import Role, role_required

REMINDER_MANAGERS = (Role.ORGANISER,)

organiser_required = role_required(*REMINDER_MANAGERS)
