from celery import shared_task


@shared_task(name="bilaterals.expire")
def expire() -> int:
    """Beat: requests nobody answered in time expire (BILATERAL_EXPIRY_HOURS)."""
    from .services import bilaterals_expire

    return bilaterals_expire()
