"""The ledgers' value normalisers: they live in ``services/values.py`` (forms and services use
them too); the ledgers import them from here."""
from govoffice_desktop.services.values import *  # noqa: F401,F403
from govoffice_desktop.services.values import (  # noqa: F401  (names the star import leaves out)
    EMPTY_MARKERS, EXCEL_EPOCH, BadValue, clean_text, halfwidth, id_check_digit, is_empty, normalise_id_number,
    normalise_plate, parse_bool, parse_date, parse_datetime, parse_decimal, parse_int, parse_month_or_date,
    parse_year_month)
