def seed(*, scale: int = 1, out=None) -> None:
    """Filled in below (categories, zones, vetting states, badges)."""
