"""One date presentation for every page, message and validation error, per language (FORMAT_MODULE_PATH).

Templates name these formats (``|date:"DATE_FORMAT"``, ``"DATETIME_FORMAT"``, ``"SHORT_DATE_FORMAT"``,
``"SHORT_DATETIME_FORMAT"``) instead of spelling a pattern, and every format carries the year: a date next
to past events must not be ambiguous.
"""
