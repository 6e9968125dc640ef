"""首页: the office at a glance.  The figures, the four campaigns, and lists of what needs doing:
督办事项 red or yellow today, the month's supervision ranking, sections waiting to explain, people due
for rank determination, vehicles over quota or with inspections due.  Every item opens its record
(double-click or Enter): the page emits ``record_opened(tab, kind, key)`` and the main window shows it.

The figures are computed once a refresh, in a worker thread (ui/worker.py): shown at once when they
take at most ``WAIT_MS``, otherwise when ready, the tab usable meanwhile — the first ones too (the
issue's rule: off the GUI thread only when they take more than 100 ms), so the window's first
paint shows 首页's figures whenever they come within it."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRect, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
                               QProgressBar, QScrollArea, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)
from PySide6.QtWidgets import QLayout, QWidgetItem  # FitColumn

from govoffice_desktop.models.staff import ON_PROBATION, RANK_PENDING
from govoffice_desktop.services import dashboard
from govoffice_desktop.ui.bus import DOMAIN_TABLES, tables_of, watch
from govoffice_desktop.ui.columns import fit_columns, viewport_of
from govoffice_desktop.ui.run_texts import driving_summary_texts
from govoffice_desktop.ui.worker import Background

RED = "#d93025"
YELLOW = "#b06000"
GREEN = "#188038"
GREY = "#5f6368"
LIGHT_COLOURS = {"red": RED, "yellow": "#f2a600"}


def _number(value) -> str:
    """1234.50 → 1,234.5; whole numbers without decimals."""
    text = f"{value.normalize():,f}"
    return text


def _colour(item: QTableWidgetItem, colour: str) -> None:
    """``item``'s text in ``colour``: the QColor as its foreground, which the view paints as the
    brush of that colour (``item.foreground()`` is that brush), without PySide making the Python
    types of QBrush and of what its constructors take (QGradient, QImage: ~3 ms of the first paint)."""
    item.setData(Qt.ItemDataRole.ForegroundRole, QColor(colour))


def _em(widget: QWidget, chars: float) -> int:
    return int(widget.fontMetrics().horizontalAdvance("字") * chars)


class Card(QFrame):
    """A figure with its caption."""

    def __init__(self, caption: str, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("card")
        self.value = QLabel("—", self)
        self.value.setObjectName("cardValue")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(caption, self)
        self.detail = QLabel("", self)
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet(f"color: {GREY};")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def set(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)


class CampaignRow(QWidget):
    """One campaign: its name and bar, and under the bar the count and since when."""

    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.title = QLabel(title, self)
        self.title.setMinimumWidth(self.fontMetrics().horizontalAdvance("万里行车无事故") + 16)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(self.fontMetrics().height() + 4)
        self.text = QLabel(self)
        self.text.setWordWrap(True)  # a narrow window: the count takes two lines, never runs into 上次…
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.since = QLabel(self)
        self.since.setStyleSheet(f"color: {GREY};")
        self.since.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(0)
        layout.addWidget(self.title, 0, 0)
        layout.addWidget(self.bar, 0, 1)
        under = QHBoxLayout()
        under.setSpacing(_em(self, 1))
        under.addWidget(self.text, 1)
        under.addWidget(self.since)
        layout.addLayout(under, 1, 1)
        layout.setColumnStretch(1, 1)


class LinkTable(QTableWidget):
    """A short read-only list whose rows open their records: double-click or Enter emits the row's link."""

    opened = Signal(object)  # a dashboard.Link

    def __init__(self, headers, parent=None, stretch: int = 1):
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(list(headers))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.stretch = stretch
        self.horizontalHeader().setHighlightSections(False)
        self.links: list = []
        self.cellDoubleClicked.connect(lambda row, _col: self.open_row(row))
        self.setToolTip(self.tr("双击打开"))
        self.setProperty("stretch_may_elide", True)  # never a sideways scroll bar in a box of 首页 (ui/columns.py)

    @property
    def plain_text_cells(self) -> bool:
        """Its items are text alone in the view's font, so ui/columns.py measures each column by its
        widest text (``column_texts``) rather than cell by cell; not the line of an empty list,
        which spans the columns."""
        return bool(self.links) and self.links[0] is not None

    def column_texts(self, column: int, rows) -> list[str]:
        return [item.text() if (item := self.item(row, column)) is not None else "" for row in rows]

    def sizeHint(self) -> QSize:
        """Tall enough for every row: the page gives a list what it needs when it can (FitColumn),
        and a list scrolls only when the window is too small for it."""
        frame = 2 * self.frameWidth()
        height = self.horizontalHeader().sizeHint().height() + self.verticalHeader().length() + frame
        if self.horizontalHeader().length() > viewport_of(self).width():
            height += self.horizontalScrollBar().sizeHint().height()
        return QSize(_em(self, 16), max(height, self.minimumSizeHint().height()))

    def minimumSizeHint(self) -> QSize:
        row = self.verticalHeader().defaultSectionSize()
        return QSize(_em(self, 10), self.horizontalHeader().sizeHint().height() + row * 2 + 6)

    def show_rows(self, rows, empty: str) -> None:
        """``rows``: (cells, link, colour or None); ``empty``: the line shown when there are none."""
        self.clearSpans()
        self.setRowCount(0)
        self.links = []
        self.updateGeometry()  # its height follows its rows (laid out once these are in)
        if not rows:
            self.setRowCount(1)
            item = QTableWidgetItem(empty)
            _colour(item, GREY)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.setItem(0, 0, item)
            if self.columnCount() > 1:
                self.setSpan(0, 0, 1, self.columnCount())
            self.links = [None]
        else:
            self.setRowCount(len(rows))
            for r, (cells, link, colour) in enumerate(rows):
                for c, value in enumerate(cells):
                    item = QTableWidgetItem(str(value))
                    if isinstance(value, (int, float)) or (isinstance(value, str) and value[:1].isdigit()
                                                           and c > 0 and c != self.stretch):
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    if colour:
                        _colour(item, colour)
                    if len(str(value)) > 14:
                        item.setToolTip(str(value))
                    self.setItem(r, c, item)
                self.links.append(link)
        self.setProperty("stretch_column", self.stretch)
        fit_columns(self)

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.links) and self.links[row] is not None:
            self.opened.emit(self.links[row])

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_row(self.currentRow())
            event.accept()
            return
        super().keyPressEvent(event)


class FitColumn(QLayout):
    """Boxes one above the other, each as tall as its list needs when the column has room; when it
    has not, the boxes added ``first`` get what they need before the others grow past their least
    height, and among equals the shortest need is met first (so a short list never scrolls beside a
    long one).  Height left over goes to the last box."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSpacing(6)
        self.items: list[tuple[QWidgetItem, bool]] = []

    def add(self, widget: QWidget, first: bool = False) -> None:
        self.addChildWidget(widget)
        self.items.append((QWidgetItem(widget), first))
        self.invalidate()

    def addItem(self, item) -> None:
        self.items.append((item, False))

    def count(self) -> int:
        return len(self.items)

    def itemAt(self, index: int):
        return self.items[index][0] if 0 <= index < len(self.items) else None

    def takeAt(self, index: int):
        return self.items.pop(index)[0] if 0 <= index < len(self.items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal | Qt.Orientation.Vertical

    def _total(self, sizes) -> QSize:
        spacing = max(self.spacing(), 0) * max(len(sizes) - 1, 0)
        return QSize(max((s.width() for s in sizes), default=0), sum(s.height() for s in sizes) + spacing)

    def sizeHint(self) -> QSize:
        return self._total([item.sizeHint() for item, _first in self.items])

    def minimumSize(self) -> QSize:
        return self._total([item.minimumSize() for item, _first in self.items])

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        shown = [(item, first) for item, first in self.items if not item.isEmpty()]
        spacing = max(self.spacing(), 0)
        least = [item.minimumSize().height() for item, _first in shown]
        wanted = [max(m, item.sizeHint().height()) for m, (item, _first) in zip(least, shown)]
        heights = fit_heights(rect.height() - spacing * max(len(shown) - 1, 0), least, wanted,
                              [first for _item, first in shown])
        y = rect.y()
        for (item, _first), height in zip(shown, heights):
            item.setGeometry(QRect(rect.x(), y, rect.width(), height))
            y += height + spacing


def fit_heights(space: int, least: list[int], wanted: list[int], first: list[bool]) -> list[int]:
    """Share ``space`` out: each its least, then what they want, ``first`` ones before the others,
    smallest want first within each; what is left to the last."""
    heights = list(least)
    left = space - sum(least)
    for served in (True, False):
        pending = sorted((i for i, f in enumerate(first) if f is served), key=lambda i: wanted[i] - least[i])
        while pending and left > 0:
            i = pending.pop(0)
            give = min(wanted[i] - heights[i], left // (len(pending) + 1))
            heights[i] += give
            left -= give
    if heights and left > 0:
        heights[-1] += left
    return heights


class PageLayout(QVBoxLayout):
    """The page's own layout: it still gives a wrapped campaign line its second row, but does not
    tell the scroll area it has a height for each width, which the scroll area would take from
    the lists' full heights (making the page scroll rather than the lists share the window)."""

    def hasHeightForWidth(self) -> bool:
        return False


def _box(title: str, table: LinkTable, parent: QWidget) -> QGroupBox:
    box = QGroupBox(title, parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 4, 6, 6)
    layout.addWidget(table)
    return box


class DashboardTab(QScrollArea):
    key = "dashboard"
    TABLES = DOMAIN_TABLES | tables_of("documents")  # 文电办理: overdue 收文, the 节假日安排 asked for
    status_message = Signal(str)
    import_requested = Signal(str, str)  # never: 首页 takes no ledger files (ui/page.py)
    import_kind = None
    record_opened = Signal(str, str, object)  # tab key, kind of record, which (see dashboard.Link)
    fixed_today: date | None = None  # tests set a day; otherwise today's date
    WAIT_MS: int | None = 100  # figures taking longer come when ready (None: always wait for them)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(self)
        self.setWidget(body)

        self.cards = {
            "staff": Card(self.tr("在册人员"), body),
            "sections": Card(self.tr("科室"), body),
            "vehicles": Card(self.tr("在用车辆"), body),
            "fuel": Card(self.tr("本月加油"), body),
            "tasks": Card(self.tr("督办事项（办理中）"), body),
            "overdue": Card(self.tr("督办逾期"), body),
        }
        cards = QHBoxLayout()
        for card in self.cards.values():
            cards.addWidget(card, 1)

        self.campaigns_box = QGroupBox(self.tr("“四无”活动"), body)
        campaigns_layout = QGridLayout(self.campaigns_box)
        campaigns_layout.setContentsMargins(8, 4, 8, 6)
        campaigns_layout.setHorizontalSpacing(_em(self, 2))
        campaigns_layout.setVerticalSpacing(4)
        self.campaigns = {
            "typing": CampaignRow(self.tr("万页文稿无差错"), self.campaigns_box),
            "driving": CampaignRow(self.tr("万里行车无事故"), self.campaigns_box),
            "meetings": CampaignRow(self.tr("百次会议无失误"), self.campaigns_box),
            "phones": CampaignRow(self.tr("百次电话无差错"), self.campaigns_box),
        }
        for i, row in enumerate(self.campaigns.values()):
            campaigns_layout.addWidget(row, i // 2, i % 2, Qt.AlignmentFlag.AlignTop)

        self.tasks = LinkTable([self.tr("灯"), self.tr("督办事项"), self.tr("责任人"), self.tr("办结时限"),
                                self.tr("情况")], body)
        self.ranking = LinkTable([self.tr("名次"), self.tr("科室"), self.tr("得分"), self.tr("较上月")], body)
        self.explanations = LinkTable([self.tr("科室（负责人，评议期）"), self.tr("事项"), self.tr("期限")], body, stretch=0)
        self.ranks = LinkTable([self.tr("姓名"), self.tr("事项"), self.tr("日期")], body)
        self.vehicles = LinkTable([self.tr("车辆或驾驶员"), self.tr("事项"), self.tr("日期")], body)
        self.documents = LinkTable([self.tr("收文编号"), self.tr("标题"), self.tr("承办科室"), self.tr("已超期")], body)
        self.lists = {"tasks": self.tasks, "ranking": self.ranking, "explanations": self.explanations,
                      "ranks": self.ranks, "vehicles": self.vehicles, "documents": self.documents}
        for table in self.lists.values():
            table.opened.connect(lambda link: self.record_opened.emit(link.tab, link.kind, link.key))
        self.tasks_box = _box(self.tr("督办事项：红灯与黄灯"), self.tasks, body)
        self.ranking_box = _box(self.tr("督查排名"), self.ranking, body)
        self.explanations_box = _box(self.tr("待说明情况与调离决定（季度评议）"), self.explanations, body)
        self.ranks_box = _box(self.tr("待定职定级（30天内）"), self.ranks, body)
        self.vehicles_box = _box(self.tr("车辆：超定额与到期"), self.vehicles, body)
        self.documents_box = _box(self.tr("收文：逾期未办结"), self.documents, body)
        self.documents_box.hide()  # shown when a 收文 is past its limit

        self.as_of = QLabel(body)
        self.as_of.setStyleSheet(f"color: {GREY};")
        self.as_of.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.empty_hint = QLabel(self.tr(
            "数据库还是空的。想先看看程序，请打开“政府办公室管理系统（演示）”：它在临时文件夹中建一个演示办公室，"
            "不动这个数据库；"
            "已有数据库的，用“文件 → 打开数据库…”选择它。"), body)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setObjectName("emptyHint")
        self.empty_hint.setStyleSheet("background: #fff8e1; border: 1px solid #f2c94c; padding: 8px;")
        self.empty_hint.hide()
        self.schedule_hint = QLabel(body)  # a year whose 节假日安排 is not entered (文电办理's working days)
        self.schedule_hint.setWordWrap(True)
        self.schedule_hint.setObjectName("scheduleHint")
        self.schedule_hint.setStyleSheet("background: #fff8e1; border: 1px solid #f2c94c; padding: 6px;")
        self.schedule_hint.hide()
        self.schedule_hint.setTextFormat(Qt.TextFormat.RichText)
        self.schedule_hint.linkActivated.connect(  # the year's 节假日安排 in 文电办理
            lambda year: self.record_opened.emit("documents", "holiday_year", int(year)))
        header = QHBoxLayout()
        header.addWidget(QLabel(self.tr("双击列表中的一项打开它的记录。"), body))
        header.addStretch(1)
        header.addWidget(self.as_of)

        # Each list as tall as its rows where the window allows: the red and yellow 督办事项 and the
        # 待说明情况/调离 first, the vehicles' and the ranks' lists scroll before they do.
        left = FitColumn()
        left.add(self.tasks_box, first=True)
        left.add(self.vehicles_box)
        side = FitColumn()
        side.add(self.explanations_box, first=True)
        side.add(self.documents_box)  # the overdue 收文 (wide enough for their titles), before 待定职定级
        side.add(self.ranks_box)
        lists = QHBoxLayout()
        lists.addLayout(left, 9)
        lists.addWidget(self.ranking_box, 6)
        lists.addLayout(side, 10)
        self.ranking_box.setMinimumWidth(_em(self, 17))
        layout = PageLayout(body)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.schedule_hint)
        layout.addLayout(header)
        layout.addLayout(cards)
        layout.addWidget(self.campaigns_box)
        layout.addLayout(lists, 1)
        self.watch = watch(self, self.TABLES)
        self.figures = Background(self, self._show, self._not_computed, lambda: self.WAIT_MS,
                                  lambda: self.as_of.setText(self.tr("正在计算首页数据…")))

    @property
    def computing(self) -> bool:
        """The figures are being computed and the tab shows the ones before."""
        return self.figures.computing

    def day(self) -> date:
        return self.fixed_today or date.today()

    def refresh(self) -> None:
        """The figures again, computed off the GUI thread (ui/worker.Background): shown now when they
        are ready within ``WAIT_MS``, otherwise when ready (the date
        line says they are being computed); a refresh asked for meanwhile is done once, after them."""
        day = self.day()
        self.figures.start(lambda: dashboard.overview(day))

    def _not_computed(self, error: str) -> None:
        self.as_of.setText(self.tr("首页数据未能计算"))
        self.status_message.emit(self.tr("首页数据未能计算：%1").replace("%1", error))

    def _show(self, o) -> None:
        self.empty_hint.setVisible(o.is_empty)
        self.as_of.setText(self.tr("数据截至 %1").replace("%1", o.today.strftime("%Y-%m-%d")))
        pending = o.staff_by_status.get(RANK_PENDING, 0)  # transferred in, rank not yet fixed
        on_probation = o.staff_by_status.get(ON_PROBATION, 0)  # newly recruited
        note = self.tr("其中待定职级 %1 人").replace("%1", str(pending))
        if on_probation:
            note += self.tr("，试用期 %1 人").replace("%1", str(on_probation))
        self.cards["staff"].set(str(o.staff), note)
        self.cards["sections"].set(str(o.sections))
        self.cards["vehicles"].set(str(o.vehicles))
        self.cards["fuel"].set(self.tr("%1 升").replace("%1", f"{o.fuel_month_litres:,}"),
                               self.tr("金额 %1 元").replace("%1", f"{o.fuel_month_amount:,}"))
        self.cards["tasks"].set(str(o.tasks_open), self.tr("3天内到期 %1 项").replace("%1", str(o.tasks_due_soon)))
        self.cards["overdue"].set(str(o.tasks_overdue))
        colour = RED if o.tasks_overdue else ""
        self.cards["overdue"].value.setStyleSheet(f"color: {colour};" if colour else "")
        self._show_campaigns(o)
        self._show_tasks(o)
        self._show_ranking(o)
        self._show_reminders(o)
        self._show_documents(o)
        self.status_message.emit(self.tr("首页已更新"))

    def _show_campaigns(self, o) -> None:
        words = {"typing": self.tr("印发后差错"), "driving": self.tr("有责事故"), "meetings": self.tr("失误"),
                 "phones": self.tr("差错")}
        for s in o.streaks:
            if s.code == "driving" and o.driving is not None:
                self._show_driving(o.driving)
                continue
            row = self.campaigns[s.code]
            row.bar.setValue(int(s.progress * 1000))
            template = self.tr("✓ 已达成（目标 %2 %3）：%1 %3，最长 %4") if s.current >= s.goal else self.tr("%1 / %2 %3，最长 %4")
            row.text.setText(template.replace("%1", _number(s.current)).replace("%2", _number(s.goal))
                             .replace("%3", s.unit).replace("%4", _number(s.longest)))
            if s.since is None:
                row.since.setText(self.tr("还没有记录"))
            elif s.defects:
                row.since.setText(self.tr("上次%1 %2").replace("%1", words[s.code]).replace("%2", s.since.isoformat()))
            else:
                row.since.setText(self.tr("自 %1 起").replace("%1", s.since.isoformat()))

    def _show_driving(self, d) -> None:
        """万里行车无事故 per driver: how many have reached the target, who is nearest, the last accident."""
        row = self.campaigns["driving"]
        share, headline, nearest, last = driving_summary_texts(d)
        row.bar.setValue(int(share * 1000))
        row.text.setText(self.tr("驾驶员 %1").replace("%1", headline) + (self.tr("；") + nearest if nearest else ""))
        row.since.setText(last)
        row.setToolTip("\n".join(self.tr("%1：%2 里（%3 公里）%4").replace("%1", r.name).replace(
            "%2", _number(r.li)).replace("%3", _number(r.km)).replace(
            "%4", self.tr("，%1 达成").replace("%1", r.reached_on.isoformat()) if r.reached_on else "")
            for r in sorted(d.drivers, key=lambda r: -r.km)))

    def _show_tasks(self, o) -> None:
        rows = []
        for t in o.attention:
            days = t["days_left"]
            state = (self.tr("逾期 %1 天").replace("%1", str(-days)) if days < 0 else
                     self.tr("今天到期") if days == 0 else self.tr("%1 天后到期").replace("%1", str(days)))
            colour = RED if t["light"] == "red" else YELLOW
            rows.append((("●", t["title"], t["responsible"], t["deadline"], state), dashboard.task_link(t["id"]),
                         colour))
        self.tasks.show_rows(rows, self.tr("没有逾期或3天内到期的督办事项"))
        for r, t in enumerate(o.attention):
            _colour(self.tasks.item(r, 0), LIGHT_COLOURS[t["light"]])
        red = sum(1 for t in o.attention if t["light"] == "red")
        self.tasks_box.setTitle(self.tr("督办事项：红灯 %1 项，黄灯 %2 项").replace("%1", str(red))
                                .replace("%2", str(len(o.attention) - red)))

    def _show_documents(self, o) -> None:
        """文电办理: the 收文 past their limit (each opens in its tab), and the years whose 节假日安排 the
        administrator has not entered (their working days are the library's guess)."""
        rows = [((d.no, d.title, d.section, self.tr("%1 个工作日").replace("%1", str(d.working_days_over))),
                 dashboard.document_link(d.id), RED) for d in o.documents_overdue]
        self.documents.show_rows(rows, self.tr("没有逾期未办结的收文"))
        for r, d in enumerate(o.documents_overdue):  # the limit it passed, on the line's days over
            self.documents.item(r, 3).setToolTip(self.tr("办理时限 %1").replace("%1", d.deadline.isoformat()))
        self.documents_box.setTitle(self.tr("收文：逾期未办结 %1 件").replace("%1", str(len(rows))))
        self.documents_box.setVisible(bool(rows))
        years = "、".join(self.tr("%1年").replace("%1", str(y)) for y in o.unscheduled_years)
        self.schedule_hint.setText(self.tr(
            "%1的节假日安排尚未录入：请管理员按国务院办公厅的通知在“文电办理 → 节假日安排”中录入并确认"
            "（<a href=\"%2\">打开%3年的节假日安排</a>）。"
            "录入之前，办理时限按周末和日历库中的节日计算，调休上班日可能缺漏。").replace("%1", years)
            .replace("%2", str(o.unscheduled_years[0]) if o.unscheduled_years else "")
            .replace("%3", str(o.unscheduled_years[0]) if o.unscheduled_years else ""))
        self.schedule_hint.setVisible(bool(o.unscheduled_years) and not o.is_empty)

    def _show_ranking(self, o) -> None:
        if o.ranking_month is None:
            self.ranking_box.setTitle(self.tr("督查排名"))
            self.ranking.show_rows([], self.tr("还没有督查记录"))
            return
        year, month = o.ranking_month
        this_month = (year, month) == (o.today.year, o.today.month)
        # the days it rests on, which early in a month are few
        title = (self.tr("本月排名（据 %3 个工作日的督查）") if this_month
                 else self.tr("%1年%2月排名（据 %3 个工作日的督查）"))
        self.ranking_box.setTitle(title.replace("%1", str(year)).replace("%2", str(month))
                                  .replace("%3", str(o.ranking_days)))
        last = o.ranking[-1].rank if o.ranking else None
        rows = []
        for r in o.ranking:
            change = ("—" if r.change is None else f"↑{r.change}" if r.change > 0 else f"↓{-r.change}" if r.change < 0
                      else self.tr("持平"))
            colour = RED if r.rank == last and last != 1 else None
            rows.append(((r.rank, r.section, str(r.score), change), r.link, colour))
        self.ranking.show_rows(rows, self.tr("本月还没有督查记录"))
        for i, r in enumerate(o.ranking):
            if r.change and not (r.rank == last and last != 1):
                _colour(self.ranking.item(i, 3), GREEN if r.change > 0 else RED)

    def _show_reminders(self, o) -> None:
        def line(r) -> tuple:
            when = r.when.strftime("%Y-%m-%d")
            kind = self.tr("%1（已过期）").replace("%1", r.kind) if r.overdue else r.kind
            return (r.subject, kind, when), r.link, RED if r.overdue else None

        self.ranks.show_rows([line(r) for r in o.reminders_of("rank")], self.tr("近30天没有到期的定职定级"))
        self.explanations.show_rows([line(r) for r in o.reminders_of("explanation")], self.tr("没有待说明情况或待作调离决定的科室"))
        vehicle_rows = []
        for a in o.over_quota:
            month = self.tr("本月") if a.this_month else self.tr("上月")
            vehicle_rows.append(((a.plate, self.tr("%1超定额 %2%（%3 / 定额 %4）").replace("%1", month)
                                  .replace("%2", str(a.over_pct)).replace("%3", str(a.l_per_100km))
                                  .replace("%4", str(a.quota)), a.month), a.link, RED))
        vehicle_rows += [line(r) for r in o.reminders_of("vehicle")]
        self.vehicles.show_rows(vehicle_rows, self.tr("没有超定额的车辆，近30天没有到期事项"))

    def save_state(self, settings: QSettings) -> None:
        pass

    def restore_state(self, settings: QSettings) -> None:
        pass

    def focus_search(self) -> None:
        pass

    def copy_selection(self) -> None:
        pass

    def select_all(self) -> None:
        pass

    def count_text(self) -> str:
        return ""

    def open_record(self, kind: str, key) -> bool:
        return False  # 首页 opens records elsewhere; none is shown on it

    def export_table(self) -> None:
        self.status_message.emit(self.tr("首页没有可导出的表格，请切换到其他页"))
