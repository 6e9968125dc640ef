"""审计日志: who changed what and when, filtered by table, user, staff member and dates, and
exported like any table; beside it, the log of personal data taken out of the program; 校验
walks the log's hash chain (off the GUI thread) and says whether it holds."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (QComboBox, QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QTabWidget,
                               QVBoxLayout, QWidget)

from govoffice_desktop.services import audit, staff
from govoffice_desktop.ui.forms import date_edit, date_of, em, fill_table, read_only_table
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.worker import run_with_progress
from govoffice_desktop.texts import moment_text


def tr(text: str) -> str:
    return QCoreApplication.translate("audit", text)


class AuditTable(ListTab):
    key = "audit"

    def __init__(self, parent=None):
        self.filters = {"table": None, "who": None, "person_id": None,
                        "since": date.today() - timedelta(days=30), "until": date.today()}
        super().__init__(parent)

    def listing(self):
        return audit.audit_listing(**self.filters)

    def table_title(self) -> str:
        return self.tr("审计日志")

    def search_hint(self) -> str:
        return self.tr("按操作人、表、操作筛选")


class AuditDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("审计日志"))
        self.table_choice = QComboBox(self)
        self.table_choice.addItem(tr("全部表"), None)
        for table, label in audit.tables():
            self.table_choice.addItem(label, table)
        self.who = QComboBox(self)
        self.who.addItem(tr("全部操作人"), None)
        for name in audit.writers():
            self.who.addItem(name, name)
        self.person = QComboBox(self)
        self.person.addItem(tr("全部人员"), None)
        for p in staff.people_on_staff():
            self.person.addItem(p.name, p.id)
        self.since = date_edit(self, date.today() - timedelta(days=30))
        self.until = date_edit(self, date.today())
        show = QPushButton(tr("查询"), self)
        show.clicked.connect(self.apply)
        filters = QHBoxLayout()
        for label, widget in ((tr("表："), self.table_choice), (tr("操作人："), self.who), (tr("涉及人员："), self.person),
                              (tr("从"), self.since), (tr("到"), self.until)):
            filters.addWidget(QLabel(label, self))
            filters.addWidget(widget)
        filters.addWidget(show)
        filters.addStretch(1)
        self.log = AuditTable(self)
        changes = QWidget(self)
        box = QVBoxLayout(changes)
        box.addLayout(filters)
        box.addWidget(self.log, 1)
        self.exports = read_only_table(self, [tr("时间"), tr("操作人"), tr("内容"), tr("去向"), tr("行数"), tr("含完整证件号")],
                                       stretch=3)
        fill_table(self.exports, [(moment_text(e.at), e.who, e.what, e.destination, e.rows,
                                   tr("是") if e.full_ids else tr("否")) for e in audit.exports()])
        pages = QTabWidget(self)
        pages.addTab(changes, tr("数据修改"))
        pages.addTab(self.exports, tr("个人信息导出"))
        self.verify_button = QPushButton(tr("校验"), self)
        self.verify_button.setToolTip(tr("校验审计日志的哈希链和只追加保护：记录是否被删除、改动或伪造"))
        self.verify_button.clicked.connect(self.verify)
        close = QPushButton(tr("关闭"), self)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.verify_button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(pages, 1)
        layout.addLayout(row)
        self.resize(em(self, 90), em(self, 40))

    def verify(self):
        """Walk the chain in a worker thread; say what was found.  Returns the report (None when
        the check itself failed)."""
        outcome = run_with_progress(self, tr("正在校验审计日志…"), audit.verify)
        title = tr("校验审计日志")
        if not outcome.ok:
            QMessageBox.warning(self, title, tr("未能校验：%1").replace("%1", outcome.error))
            return None
        report = outcome.result
        text = "\n".join(report.lines())  # the service's sentences, in Chinese
        if report.ok:
            QMessageBox.information(self, title, text)
        else:
            QMessageBox.warning(self, title, text)
        return report

    def apply(self) -> None:
        self.log.filters = {"table": self.table_choice.currentData(), "who": self.who.currentData(),
                            "person_id": self.person.currentData(), "since": date_of(self.since),
                            "until": date_of(self.until)}
        self.log.refresh()
