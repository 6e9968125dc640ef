"""A listing of many rows opens on its first ids and their count (ui/table_model.FIRST_IDS): the rest
are read when a row beyond them is needed.  So what opening 文印管理 reads does not grow with ten
years of 文印登记 (counted in ids read, not timed), and every row is still there, in its order."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services import staff, typing_pool
from govoffice_desktop.services.listing import Listing
from govoffice_desktop.ui import table_model
from govoffice_desktop.ui.columns import PRECISION_ROWS
from govoffice_desktop.ui.table_model import ListingModel
from govoffice_desktop.ui.typing_pool_tab import TypingPoolTab

FIRST = PRECISION_ROWS + 100  # more than the rows a view measures to fit its columns


@pytest.fixture
def typist(database):
    section = staff.add_section("行政科")
    return staff.save_person({"name": "王芳", "section": section, "post": "打字员", "is_typist": True,
                              "joined_on": date(2010, 3, 1)})


def add_logs(typist, n: int, start: date = date(2015, 1, 1)) -> None:
    """``n`` documents, a few a day (rows written directly: the services' checks are not tested here)."""
    TypingLog.bulk_insert([dict(typed_on=start + timedelta(days=i // 3), typist=typist.id, typist_name=typist.name,
                                title=f"文稿{i}", pages=1 + i % 7) for i in range(n)], audit="batch")


@pytest.fixture
def ids_read(monkeypatch):
    """How many ids each ``Listing.ids`` call returns."""
    counts = []
    real = Listing.ids

    def ids(self, *args, **kwargs):
        got = real(self, *args, **kwargs)
        counts.append(len(got))
        return got

    monkeypatch.setattr(Listing, "ids", ids)
    monkeypatch.setattr(table_model, "FIRST_IDS", FIRST)
    return counts


def test_a_long_listing_opens_on_its_first_ids_and_shows_every_row(qtbot, typist, ids_read):
    add_logs(typist, 5 * FIRST)
    listing = typing_pool.typing_log_listing()
    every = listing.ids()
    ids_read.clear()
    model = ListingModel(listing, listing.labels)
    model.reload()
    assert ids_read == [FIRST + 1]  # the first screen's ids, and one to know there are more
    assert model.rowCount() == 5 * FIRST  # counted, not read
    assert model.row_id(0) == every[0] and model.index(0, 2).data() == TypingLog.get_by_id(every[0]).title
    assert ids_read == [FIRST + 1]
    last = 5 * FIRST - 1  # scrolled to the end: the rest read once
    assert model.index(last, 2).data() == TypingLog.get_by_id(every[last]).title
    assert model.row_id(last) == every[last] and model.ids() == every
    assert ids_read == [FIRST + 1, 5 * FIRST]
    model.sort(0)  # sorted again: the first ids again, in the new order
    assert ids_read[-1] == FIRST + 1 and model.row_id(0) == listing.ids(order="typed_on", descending=False)[0]


def test_a_short_listing_is_read_whole_without_a_count(qtbot, typist, ids_read):
    add_logs(typist, FIRST)
    listing = typing_pool.typing_log_listing()
    model = ListingModel(listing, listing.labels)
    model.reload()
    assert ids_read == [FIRST] and model.rowCount() == FIRST and model.ids() == listing.ids()
    assert ids_read == [FIRST, FIRST]  # ids() of a listing read whole reads nothing more than asked


def test_rows_deleted_after_the_count_read_blank_until_the_next_reload(qtbot, typist, ids_read):
    add_logs(typist, 3 * FIRST)
    listing = typing_pool.typing_log_listing()
    model = ListingModel(listing, listing.labels)
    model.reload()
    TypingLog.delete_where(TypingLog.id.in_(listing.ids()[-5:]))
    assert model.rowCount() == 3 * FIRST and model.index(3 * FIRST - 1, 2).data() == ""
    model.reload()
    assert model.rowCount() == 3 * FIRST - 5


def test_opening_the_typing_pool_reads_as_many_ids_over_ten_times_the_history(qtbot, typist, ids_read):
    counts, shown = [], []
    for n in (2 * FIRST, 20 * FIRST):
        TypingLog.delete_where(TypingLog.id > 0)
        add_logs(typist, n)
        ids_read.clear()
        tab = TypingPoolTab()
        qtbot.addWidget(tab)
        tab.resize(1200, 800)
        tab.show()
        qtbot.waitUntil(lambda: not tab.computing, timeout=10_000)
        counts.append(sum(ids_read))
        shown.append(tab.model.rowCount())
        tab.close()
    assert counts[0] == counts[1] <= 2 * (FIRST + 1)
    assert shown == [2 * FIRST, 20 * FIRST]


def test_a_cell_answers_each_role_alike_one_at_a_time_or_in_one_call(qtbot, typist):
    """A view asks a cell for all its roles at once (``multiData``, one call into Python for a cell
    instead of one per role, which is what fitting the columns of a page of rows costs): the answers
    are those of ``data``, for the rows read and for a row past the end."""
    from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan, Qt

    add_logs(typist, 3)
    listing = typing_pool.typing_log_listing()
    model = ListingModel(listing, listing.labels)
    model.reload()
    roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole,
             Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole,
             ListingModel.IdRole]
    for row in range(3):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role in roles:
                asked = QModelRoleData(int(role))
                model.multiData(index, QModelRoleDataSpan(asked))
                assert asked.data() == model.data(index, role), (row, column, role)
    assert model.index(1, 2).data() == TypingLog.get_by_id(model.row_id(1)).title
