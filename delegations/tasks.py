import logging

from celery import shared_task

from .privacy import privacy_purge

logger = logging.getLogger(__name__)


@shared_task(name="delegations.privacy_purge", ignore_result=True)
def privacy_purge_task() -> None:
    """Beat, daily: log the dry-run report, then purge what the retention rule says is due."""
    plan = privacy_purge(dry_run=True)
    for kind in plan.kinds:
        logger.info(
            "privacy: %s kept %s days, purge on %s, %s people",
            kind.kind,
            kind.days,
            kind.purge_on,
            kind.members,
        )
    done = privacy_purge(dry_run=False)
    if done.purged:
        logger.warning("privacy: purged %s", done.purged)
