"""督查督办: the colours and the words the pages share (a month, points, a change of place)."""
from __future__ import annotations

from govoffice_desktop.services import supervision


LIGHT_COLOURS = {supervision.RED: "#d93025", supervision.YELLOW: "#f2a600",
                 supervision.GREEN: "#188038", supervision.DONE: "#80868b", supervision.WITHDRAWN: "#b0b0b0"}
GREEN = "#188038"
GREY = "#80868b"
MISSED_BACKGROUND = "#fce8e6"
BONUS_BACKGROUND = "#e6f4ea"


from govoffice_desktop.texts import month_text  # noqa: E402,F401 - 2026年12月: the pages import it from here


def points_text(value) -> str:
    """1.0 → 1, 0.5 → 0.5, 98.50 → 98.5."""
    if value is None or value == "":
        return ""
    text = str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def change_text(change: int | None) -> str:
    if change is None:
        return "—"
    return f"↑{change}" if change > 0 else f"↓{-change}" if change < 0 else "持平"
