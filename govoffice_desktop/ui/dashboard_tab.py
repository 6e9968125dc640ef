"""首页: the office at a glance."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QListWidget, QProgressBar,
                               QScrollArea, QVBoxLayout, QWidget)

from govoffice_desktop.services import dashboard


def _number(value) -> str:
    """1234.50 → 1,234.5; whole numbers without decimals."""
    text = f"{value.normalize():,f}"
    return text


class Card(QFrame):
    """A figure with its caption."""

    def __init__(self, caption: str, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("card")
        self.value = QLabel("—", self)
        self.value.setObjectName("cardValue")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(caption, self)
        self.detail = QLabel("", self)
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("color: palette(mid);")
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def set(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)


class CampaignRow(QWidget):
    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.title = QLabel(title, self)
        self.title.setMinimumWidth(self.fontMetrics().horizontalAdvance("万里行车无事故") + 16)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.text = QLabel(self)
        self.text.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000 / 00000 公里，最长 00000") + 10)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.text)


class DashboardTab(QScrollArea):
    key = "dashboard"
    status_message = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
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
        grid = QGridLayout()
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, i // 3, i % 3)

        campaigns_box = QGroupBox(self.tr("“四无”活动"), body)
        campaigns_layout = QVBoxLayout(campaigns_box)
        self.campaigns = {
            "typing": CampaignRow(self.tr("万页文稿无差错"), campaigns_box),
            "driving": CampaignRow(self.tr("万里行车无事故"), campaigns_box),
            "meetings": CampaignRow(self.tr("百次会议无失误"), campaigns_box),
            "phones": CampaignRow(self.tr("百次电话无差错"), campaigns_box),
        }
        for row in self.campaigns.values():
            campaigns_layout.addWidget(row)

        reminders_box = QGroupBox(self.tr("到期提醒（30天内）"), body)
        self.reminders = QListWidget(reminders_box)
        QVBoxLayout(reminders_box).addWidget(self.reminders)

        self.as_of = QLabel(body)
        self.as_of.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.empty_hint = QLabel(self.tr(
            "数据库还是空的。想先看看程序，请用 <b>python main.py --demo</b> 打开一个演示办公室；"
            "已有数据库的，用“文件 → 打开数据库…”选择它。"), body)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setObjectName("emptyHint")
        self.empty_hint.setStyleSheet("background: #fff8e1; border: 1px solid #f2c94c; padding: 8px;")
        self.empty_hint.hide()
        layout = QVBoxLayout(body)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.as_of)
        layout.addLayout(grid)
        layout.addWidget(campaigns_box)
        layout.addWidget(reminders_box, 1)

    def refresh(self) -> None:
        o = dashboard.overview()
        self.empty_hint.setVisible(o.is_empty)
        self.as_of.setText(self.tr("数据截至 %1").replace("%1", o.today.strftime("%Y-%m-%d")))
        on_probation = o.staff_by_status.get("试用期", 0)
        self.cards["staff"].set(str(o.staff), self.tr("其中试用期 %1 人").replace("%1", str(on_probation)))
        self.cards["sections"].set(str(o.sections))
        self.cards["vehicles"].set(str(o.vehicles))
        self.cards["fuel"].set(self.tr("%1 升").replace("%1", f"{o.fuel_month_litres:,}"),
                               self.tr("金额 %1 元").replace("%1", f"{o.fuel_month_amount:,}"))
        self.cards["tasks"].set(str(o.tasks_open), self.tr("3天内到期 %1 项").replace("%1", str(o.tasks_due_soon)))
        self.cards["overdue"].set(str(o.tasks_overdue))
        colour = "#d93025" if o.tasks_overdue else ""
        self.cards["overdue"].value.setStyleSheet(f"color: {colour};" if colour else "")
        for s in o.streaks:
            row = self.campaigns[s.code]
            row.bar.setValue(int(s.progress * 1000))
            template = self.tr("✓ 已达成（目标 %2 %3）：%1 %3，最长 %4") if s.current >= s.goal else self.tr("%1 / %2 %3，最长 %4")
            row.text.setText(template.replace("%1", _number(s.current)).replace("%2", _number(s.goal))
                             .replace("%3", s.unit).replace("%4", _number(s.longest)))
        self.reminders.clear()
        for r in o.reminders:
            template = self.tr("⚠ %1 %2已过期（%3）") if r.overdue else self.tr("%1 %2到期（%3）")
            self.reminders.addItem(template.replace("%1", r.subject).replace("%2", r.kind)
                                   .replace("%3", r.when.strftime("%Y-%m-%d")))
        if not o.reminders:
            self.reminders.addItem(self.tr("近30天没有到期事项"))
        self.status_message.emit(self.tr("首页已更新"))

    def save_state(self, settings: QSettings) -> None:
        pass

    def restore_state(self, settings: QSettings) -> None:
        pass

    def focus_search(self) -> None:
        pass

    def copy_selection(self) -> None:
        pass
