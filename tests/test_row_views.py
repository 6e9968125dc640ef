"""ui/row_views.py: panels of figures as model and view (车辆油耗's panels)."""
from __future__ import annotations

import random

from PySide6.QtCore import Qt

from govoffice_desktop.ui.columns import fit_columns
from govoffice_desktop.ui.row_views import Mark, RowsModel, read_only_view, show_rows

HEADERS = ["车辆", "定额\n（升/百公里）", "本月\n升/百公里", "本月\n超定额", "说明"]


def rows_drawn_at_random(n: int) -> tuple[list[tuple], dict]:
    rng = random.Random(5)
    rows, marks = [], {}
    for r in range(n):
        plate = f"苏N{rng.randrange(10000):04d}（{'丰田凯美瑞' * rng.randrange(1, 3)}）"
        rate = f"{rng.randrange(500, 2500) / 100:.2f}"
        over = rng.choice(["—", f"{rng.randrange(-300, 900) / 10:+}%"])
        note = rng.choice(["", "未定额", "按出车里程；无完整加满段", f"{rng.randrange(1, 30)} 次加油没有升数"])
        rows.append((plate, rng.choice([None, "9.00", "12.50"]), rate, over, note))
        if rng.random() < 0.1:
            marks[r, 2] = marks[r, 3] = Mark("#d93025", bold=True, tooltip="超过定额")
    return rows, marks


def test_columns_fitted_on_the_deciding_rows_are_those_fitted_on_every_row(qtbot, settings_dir):
    """``show_rows`` measures each column's widest text (bold where marked) and its first words:
    the widths are exactly those of measuring every row, and every row is there after."""
    rows, marks = rows_drawn_at_random(150)
    fast_model, slow_model = RowsModel(HEADERS, right=(1, 2, 3)), RowsModel(HEADERS, right=(1, 2, 3))
    fast, slow = read_only_view(None, fast_model), read_only_view(None, slow_model)
    for view in (fast, slow):
        qtbot.addWidget(view)
        view.resize(1200, 400)
        view.show()
    show_rows(fast, fast_model, rows, list(range(150)), marks)
    slow_model.set_rows(rows, list(range(150)), marks)
    fit_columns(slow)
    assert [fast.horizontalHeader().sectionSize(c) for c in range(5)] == \
           [slow.horizontalHeader().sectionSize(c) for c in range(5)]
    assert fast_model.rowCount() == 150 and fast_model.index(149, 0).data() == rows[149][0]
    assert fast_model.index(149, 0).data(Qt.ItemDataRole.UserRole) == 149
    marked = next(iter(marks))
    assert fast_model.index(*marked).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#d93025"
    assert fast_model.index(*marked).data(Qt.ItemDataRole.FontRole).bold()
