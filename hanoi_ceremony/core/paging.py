"""Reading ?page=N, one way everywhere a long list comes in pages."""


def page_number(raw) -> int:
    """?page=N read leniently (anything odd is page 1; no more than 10,000 pages)."""
    return int(raw) if raw and raw.isdigit() and 0 < len(raw) <= 5 and int(raw) > 0 else 1
