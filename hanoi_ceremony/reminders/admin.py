from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .forms import ReminderRuleForm, offsets_format
from .models import Reminder, ReminderRule
from .services import ReminderConflict, reminder_retry, rule_save


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    form = ReminderRuleForm
    list_display = ("source_key", "name", "offsets", "in_app", "email", "audience", "active")
    list_filter = ("source_key", "active")

    @admin.display(description=_("offsets"))
    def offsets(self, obj):
        return offsets_format(obj.offsets_minutes)

    def save_model(self, request, obj, form, change):
        rule_save(rule=obj, by=request.user)

    def has_delete_permission(self, request, obj=None):
        # Rules with reminder rows are kept (deactivate them instead); the database refuses anyway.
        return obj is None or not obj.reminders.exists()


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = (
        "due_at",
        "rule",
        "target_type",
        "target_id",
        "recipient",
        "channel",
        "state",
        "attempts",
        "sent_at",
    )
    list_filter = ("state", "channel", "rule__source_key")
    list_select_related = ("rule", "recipient", "target_type")
    search_fields = ("recipient__username", "recipient__email")
    raw_id_fields = ("recipient", "notification", "email")
    readonly_fields = [f.name for f in Reminder._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected failed or missed reminders again"))
    def retry(self, request, queryset):
        done = 0
        for reminder in queryset:
            try:
                reminder_retry(reminder=reminder, by=request.user)
                done += 1
            except ReminderConflict:
                continue
        self.message_user(
            request, _("%(count)d reminder(s) will be sent again.") % {"count": done}, messages.SUCCESS
        )
