from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    """Expenditure norms, budget proposals of ministries, agencies and subcommittees, the consolidated
    estimate and the spending against it. A nested app inside subcommittees/ (Finance and Logistics) so
    its migration history is its own."""

    name = "subcommittees.budget"
    label = "budget"
    verbose_name = _("Budget")

    def ready(self) -> None:
        from hanoi_ceremony.core.pagecache import declare_areas

        from . import audit_actions  # noqa: F401

        for model in (
            "budget.NormSet",
            "budget.Norm",
            "budget.Body",
            "budget.BodyMember",
            "budget.Proposal",
            "budget.ProposalLine",
            "budget.Estimate",
            "budget.Spending",
        ):
            declare_areas(model, "budget")
