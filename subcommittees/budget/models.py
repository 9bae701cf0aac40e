"""Budget: expenditure norms (versioned), proposals with lines, the consolidated estimate and spending.

Money is integer đồng everywhere (``BigIntegerField``, never a float), and the database refuses negative
amounts. A norm set is frozen once a proposal is accepted or an estimate approved under it: a change of
norms is a new version. An estimate copies its lines when it is built, so an approved estimate never
changes when norms or proposals change later.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import BodyKind, BodyRole, Category, EstimateStatus, ProposalStatus, SpendingKind, Unit


def _valid(field: str, choices) -> Q:
    return Q(**{f"{field}__in": [c.value for c in choices]})


def _not_negative(field: str, prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__gte": 0}), name=f"budget_{prefix}_{field}_gte_0")


class NormSet(models.Model):
    """One version of the expenditure norms set by the Ministry of Finance."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    basis = models.CharField(
        _("legal basis"), max_length=300, blank=True, help_text=_("e.g. the circular the rates follow")
    )
    published_at = models.DateTimeField(_("in force since"), null=True, blank=True)
    frozen_at = models.DateTimeField(
        _("frozen"),
        null=True,
        blank=True,
        help_text=_("Set when an accepted proposal or an approved estimate uses this version."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("expenditure norms")
        verbose_name_plural = _("expenditure norms")
        constraints = [
            models.CheckConstraint(
                condition=Q(frozen_at__isnull=True) | Q(published_at__isnull=False),
                name="budget_normset_frozen_is_published",
            ),
        ]

    def __str__(self) -> str:
        return _("%(title)s (version %(version)s)") % {"title": self.title, "version": self.version}

    def get_absolute_url(self) -> str:
        return reverse("budget:norms", kwargs={"version": self.version})

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class Norm(models.Model):
    """The highest unit cost allowed for one category and unit (a nightly rate, a per-car-day rate)."""

    norm_set = models.ForeignKey(NormSet, on_delete=models.CASCADE, related_name="norms")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    unit_cost = models.BigIntegerField(_("highest unit cost (đồng)"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["category", "unit"]
        verbose_name = _("norm")
        verbose_name_plural = _("norms")
        constraints = [
            models.UniqueConstraint(
                fields=["norm_set", "category", "unit"],
                name="budget_norm_once_per_set",
                violation_error_message=_("This version already has a norm for this category and unit."),
            ),
            _not_negative("unit_cost", "norm"),
            models.CheckConstraint(condition=_valid("category", Category), name="budget_norm_category_valid"),
            models.CheckConstraint(condition=_valid("unit", Unit), name="budget_norm_unit_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} / {self.get_unit_display()}"


class CategoryCap(models.Model):
    """The ceiling for a whole category across the event (checked on the consolidated estimate)."""

    norm_set = models.ForeignKey(NormSet, on_delete=models.CASCADE, related_name="caps")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    cap = models.BigIntegerField(_("ceiling (đồng)"))

    class Meta:
        ordering = ["category"]
        verbose_name = _("category ceiling")
        verbose_name_plural = _("category ceilings")
        constraints = [
            models.UniqueConstraint(fields=["norm_set", "category"], name="budget_cap_once_per_set"),
            _not_negative("cap", "cap"),
            models.CheckConstraint(condition=_valid("category", Category), name="budget_cap_category_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.cap}"


class Body(models.Model):
    """A ministry, agency, locality or subcommittee that proposes a budget (data, not code)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=BodyKind.choices)
    subcommittee = models.OneToOneField(
        "subcommittees.Subcommittee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_body",
        verbose_name=_("subcommittee"),
    )
    is_finance = models.BooleanField(
        _("consolidates the budget"), default=False, help_text=_("The Ministry of Finance.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("proposing body")
        verbose_name_plural = _("proposing bodies")
        constraints = [
            models.CheckConstraint(condition=_valid("kind", BodyKind), name="budget_body_kind_valid"),
            models.UniqueConstraint(
                fields=["is_finance"], condition=Q(is_finance=True), name="budget_one_finance_body"
            ),
            models.CheckConstraint(
                condition=~Q(kind=BodyKind.SUBCOMMITTEE) | Q(subcommittee__isnull=False),
                name="budget_subcommittee_body_has_subcommittee",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BodyMember(models.Model):
    """Who works on the budget for which body: editors prepare and submit the body's proposals; Finance
    reviewers (members of the Ministry of Finance) review every proposal and build the estimate."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="budget_roles")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("role"), max_length=20, choices=BodyRole.choices, default=BodyRole.EDITOR)

    class Meta:
        verbose_name = _("budget role")
        verbose_name_plural = _("budget roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "body", "role"], name="budget_member_once"),
            models.CheckConstraint(condition=_valid("role", BodyRole), name="budget_member_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.body} ({self.get_role_display()})"


class Proposal(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("body"))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProposalStatus.choices,
        default=ProposalStatus.DRAFT,
        db_index=True,
    )
    norm_set = models.ForeignKey(
        NormSet, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("checked against")
    )
    review_message = models.TextField(_("message from Finance"), blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["body__name", "pk"]
        verbose_name = _("budget proposal")
        verbose_name_plural = _("budget proposals")
        constraints = [
            models.CheckConstraint(
                condition=_valid("status", ProposalStatus), name="budget_proposal_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.ACCEPTED)
                | Q(accepted_at__isnull=False, accepted_by__isnull=False),
                name="budget_proposal_accepted_has_who_when",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.RETURNED) | ~Q(review_message=""),
                name="budget_proposal_returned_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body.short_name}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("budget:proposal_detail", kwargs={"pk": self.pk})


class ProposalLine(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    unit_cost = models.BigIntegerField(_("unit cost (đồng)"))
    justification = models.TextField(_("justification"), blank=True)
    task = models.ForeignKey(
        "subcommittees.Task",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("linked task"),
    )

    class Meta:
        ordering = ["category", "pk"]
        verbose_name = _("proposal line")
        verbose_name_plural = _("proposal lines")
        constraints = [
            _not_negative("unit_cost", "line"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="budget_line_quantity_gt_0"),
            models.CheckConstraint(condition=_valid("category", Category), name="budget_line_category_valid"),
            models.CheckConstraint(condition=_valid("unit", Unit), name="budget_line_unit_valid"),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_cost


class Estimate(models.Model):
    """The consolidated estimate Finance submits to the competent authority (the Steering Committee)."""

    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EstimateStatus.choices,
        default=EstimateStatus.DRAFT,
        db_index=True,
    )
    norm_set = models.ForeignKey(NormSet, on_delete=models.PROTECT, related_name="estimates")
    proposals = models.ManyToManyField(Proposal, related_name="estimates", blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(_("consolidated"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_reference = models.CharField(_("decision number"), max_length=100, blank=True)
    review_message = models.TextField(_("message from the competent authority"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consolidated estimate")
        verbose_name_plural = _("consolidated estimates")
        constraints = [
            models.CheckConstraint(
                condition=_valid("status", EstimateStatus), name="budget_estimate_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=EstimateStatus.APPROVED)
                | Q(approved_at__isnull=False, approved_by__isnull=False),
                name="budget_estimate_approved_has_who_when",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("budget:estimate_detail", kwargs={"pk": self.pk})


class EstimateLine(models.Model):
    """A copy of one accepted proposal line, with the norm it was checked against, taken when the
    estimate was consolidated: later changes of norms or proposals never reach it."""

    estimate = models.ForeignKey(Estimate, on_delete=models.CASCADE, related_name="lines")
    source_line = models.ForeignKey(
        ProposalLine, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    unit_cost = models.BigIntegerField(_("unit cost (đồng)"))
    amount = models.BigIntegerField(_("amount (đồng)"))
    norm_unit_cost = models.BigIntegerField(_("norm (đồng per unit)"), null=True, blank=True)
    overrun = models.BigIntegerField(_("over the norm (đồng)"), default=0)

    class Meta:
        ordering = ["category", "body_id", "pk"]
        verbose_name = _("estimate line")
        verbose_name_plural = _("estimate lines")
        constraints = [
            _not_negative("unit_cost", "eline"),
            _not_negative("amount", "eline"),
            _not_negative("overrun", "eline"),
            models.CheckConstraint(
                condition=Q(norm_unit_cost__isnull=True) | Q(norm_unit_cost__gte=0),
                name="budget_eline_norm_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(amount=F("quantity") * F("unit_cost")), name="budget_eline_amount_is_product"
            ),
            models.CheckConstraint(
                condition=Q(overrun__lte=F("amount")), name="budget_eline_overrun_within_amount"
            ),
        ]

    def __str__(self) -> str:
        return self.description


class Spending(models.Model):
    """Money committed (a contract signed) or paid against one line of an approved estimate."""

    line = models.ForeignKey(EstimateLine, on_delete=models.PROTECT, related_name="spendings")
    kind = models.CharField(_("kind"), max_length=16, choices=SpendingKind.choices)
    amount = models.BigIntegerField(_("amount (đồng)"))
    reference = models.CharField(_("contract or payment reference"), max_length=120)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_spending_amount_gt_0"),
            models.CheckConstraint(condition=_valid("kind", SpendingKind), name="budget_spending_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} ({self.reference})"
