"""The first start of a new office: a short wizard (单位名称, the administrator, 科室, vehicles, the
standards in force) shown only on a new database (``services.office.needs_first_start``), never on
the demo.  Every step can be skipped (left empty) and done later from the menu its page names.
The rules are in services/office.py, services/auth.py, services/fleet.py; the pages only collect."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QFormLayout, QHBoxLayout, QInputDialog, QLabel,
                               QLineEdit, QMessageBox, QPlainTextEdit, QPushButton, QTableWidget, QVBoxLayout,
                               QWidget, QWizard, QWizardPage)

from govoffice_desktop.services import auth, office, staff
from govoffice_desktop.services.validation import BadValue
from govoffice_desktop.ui.forms import em, fill_table, hint, read_only_table
from govoffice_desktop.ui.import_dialog import choose_file, import_file

VEHICLE_ROWS = 6
STEPS = 5


def tr(text: str) -> str:
    return QCoreApplication.translate("first_start", text)


class _Step(QWizardPage):
    """A page: what it asks, where it is done later, a red line for a refusal (the page stays)."""

    def __init__(self, number: int, title: str, later: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(tr("第%1步（共%2步）：%3").replace("%1", str(number)).replace("%2", str(STEPS))
                      .replace("%3", title))
        self.setSubTitle(tr("这一步可以跳过（留空，点“下一步”）；%1").replace("%1", later))
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #d93025;")
        self.message.setWordWrap(True)
        self.body = QVBoxLayout(self)

    def finish_layout(self, stretch: bool = True) -> None:
        if stretch:  # short forms stay at the top; a page with a list lets the list grow
            self.body.addStretch(1)
        self.body.addWidget(self.message)

    def commit(self) -> None:
        """Write what the page collected (a BadValue keeps the page open, saying why)."""

    def validatePage(self) -> bool:
        self.message.clear()
        try:
            self.commit()
        except BadValue as exc:
            self.message.setText(str(exc))
            return False
        return True


class OfficePage(_Step):
    def __init__(self, parent=None):
        super().__init__(1, tr("单位名称"), tr("以后在“文件 → 单位名称…”中修改。"), parent)
        self.body.addWidget(hint(tr("这是一个新的数据库。下面几步设置本单位的基本情况，每一步都可以跳过。"
                                    "单位名称印在每一份打印件、PDF、评议表和导出表格的标题上。"), self))
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(tr("例如：宿迁市人民政府办公室"))
        self.name.setMaxLength(office.MAX_NAME)
        form = QFormLayout()
        form.addRow(tr("单位名称："), self.name)
        self.body.addLayout(form)
        self.finish_layout()

    def commit(self) -> None:
        if self.name.text().strip():
            office.set_office_name(self.name.text())


class AdminPage(_Step):
    def __init__(self, parent=None):
        super().__init__(2, tr("管理员"), tr("以后在“用户 → 用户管理…”中设置。"), parent)
        self.body.addWidget(hint(tr("管理员可以使用全部功能，并新建其他用户（督查员、科室录入员、领导、文印管理员、"
                                    "车辆管理员）。跳过时，在设置管理员之前，这个数据库对所有使用这台电脑的人开放，"
                                    "也不要求登录。"), self))
        self.name, self.full_name = QLineEdit("admin", self), QLineEdit(self)
        self.password, self.again = QLineEdit(self), QLineEdit(self)
        for edit in (self.password, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        for label, widget in ((tr("用户名："), self.name), (tr("姓名："), self.full_name), (tr("密码："), self.password),
                              (tr("再输一遍："), self.again)):
            form.addRow(label, widget)
        self.body.addLayout(form)
        self.done_label = QLabel(self)
        self.body.addWidget(self.done_label)
        self.finish_layout()

    def initializePage(self) -> None:
        user = auth.current()
        self.done_label.setText(tr("已设置管理员：%1").replace("%1", user.name) if user else "")
        for widget in (self.name, self.full_name, self.password, self.again):
            widget.setEnabled(user is None)

    def commit(self) -> None:
        if auth.current() is not None or not (self.password.text() or self.again.text()):
            return  # set already (the page visited again), or skipped
        if self.password.text() != self.again.text():
            raise BadValue(tr("两次输入的密码不一样"))
        user = auth.create_user(self.name.text(), self.password.text(), auth.ADMIN, full_name=self.full_name.text())
        auth.authenticate(user.name, self.password.text())
        self.password.clear()
        self.again.clear()
        self.initializePage()


class SectionsPage(_Step):
    def __init__(self, parent=None):
        super().__init__(3, tr("科室"), tr("以后在“人员档案 → 科室管理…”中添加科室，在“文件 → 导入台账…”中导入花名册。"),
                         parent)
        self.body.addWidget(hint(tr("每行写一个科室；或者导入本单位现有的人员花名册（Excel），"
                                    "其中的科室和人员会一并建好。"), self))
        self.names = QPlainTextEdit(self)
        self.names.setPlaceholderText(tr("秘书一科\n秘书二科\n综合科\n文电科\n督查室"))
        self.body.addWidget(self.names, 1)
        row = QHBoxLayout()
        self.import_button = QPushButton(tr("从花名册导入…"), self)
        self.import_button.clicked.connect(self.import_roster)
        row.addWidget(self.import_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.on_file = QLabel(self)
        self.on_file.setWordWrap(True)
        self.body.addWidget(self.on_file)
        self.finish_layout(stretch=False)

    def initializePage(self) -> None:
        names = [s.name for s in staff.active_sections()]
        self.on_file.setText(tr("已有科室（%1 个）：%2").replace("%1", str(len(names))).replace("%2", "、".join(names))
                             if names else tr("还没有科室。"))

    def import_roster(self) -> None:
        path = choose_file(self)
        if path and import_file(self, "staff", path) is not None:
            self.initializePage()

    def commit(self) -> None:
        office.add_sections(self.names.toPlainText())
        self.names.clear()
        self.initializePage()


class VehiclesPage(_Step):
    COLUMNS = ("plate", "brand_model", "fuel_quota")

    def __init__(self, parent=None):
        super().__init__(4, tr("车辆"), tr("以后在“车辆油耗 → 车辆…”中登记。"), parent)
        self.body.addWidget(hint(tr("登记本单位的公务车：车牌号、车型和油耗定额（升/百公里，超过定额的车辆在首页"
                                    "和油耗报表中标红）。驾驶员、年检和保险日期以后在车辆中补上。"), self))
        self.table = QTableWidget(VEHICLE_ROWS, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels([tr("车牌号"), tr("车型"), tr("油耗定额（升/百公里）")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, em(self, 9))
        self.table.setColumnWidth(1, em(self, 12))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.body.addWidget(self.table, 1)
        more = QPushButton(tr("再加一行"), self)
        more.clicked.connect(lambda: self.table.setRowCount(self.table.rowCount() + 1))
        row = QHBoxLayout()
        row.addWidget(more)
        row.addStretch(1)
        self.body.addLayout(row)
        self.saved = QLabel(self)
        self.saved.setWordWrap(True)
        self.body.addWidget(self.saved)
        self.finish_layout(stretch=False)

    def rows(self) -> list[dict]:
        out = []
        for r in range(self.table.rowCount()):
            cells = [self.table.item(r, c) for c in range(len(self.COLUMNS))]
            out.append({key: cell.text() if cell else "" for key, cell in zip(self.COLUMNS, cells)})
        return out

    def commit(self) -> None:
        made = office.add_vehicles(self.rows())
        if made:
            self.table.clearContents()
            self.saved.setText(tr("已登记车辆：%1").replace("%1", "、".join(v.plate for v in made)))


class StandardsPage(_Step):
    def __init__(self, parent=None):
        super().__init__(5, tr("标准"), tr("以后在下表“在哪里修改”一栏所写的位置修改。"), parent)
        self.body.addWidget(hint(tr("程序带有以下默认标准，新单位从今天起按此执行。请对照本单位的规定看一遍；"
                                    "不同的以后在所写的位置修改（自所填日期起执行，以前的月份不变）。"), self))
        self.table = read_only_table(self, [tr("类别"), tr("项目"), tr("现行标准"), tr("在哪里修改")], stretch=1)
        self.body.addWidget(self.table, 1)
        self.confirm = QCheckBox(tr("已看过，先按以上标准执行"), self)
        self.body.addWidget(self.confirm)
        self.finish_layout(stretch=False)

    def initializePage(self) -> None:
        fill_table(self.table, [(s.group, s.item, s.value, s.where) for s in office.standards()])
        self.table.resizeColumnsToContents()


class FirstStartWizard(QWizard):
    """单位名称 → 管理员 → 科室 → 车辆 → 标准; 完成 marks the first start done."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("首次使用 — 政府办公室管理系统"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, tr("< 上一步")),
                             (QWizard.WizardButton.NextButton, tr("下一步 >")),
                             (QWizard.WizardButton.FinishButton, tr("完成")),
                             (QWizard.WizardButton.CancelButton, tr("以后再说"))):
            self.setButtonText(button, text)
        self.office, self.admin, self.sections = OfficePage(self), AdminPage(self), SectionsPage(self)
        self.vehicles, self.standards = VehiclesPage(self), StandardsPage(self)
        for page in (self.office, self.admin, self.sections, self.vehicles, self.standards):
            self.addPage(page)
        self.resize(em(self, 70), em(self, 44))

    def accept(self) -> None:
        try:
            office.finish_first_start(self.standards.confirm.isChecked())
        except BadValue as exc:
            self.standards.message.setText(str(exc))
            return
        super().accept()


def run(parent: QWidget | None = None) -> bool:
    """The wizard; False when put off (以后再说): it is offered again at the next start while the
    database is still new."""
    return FirstStartWizard(parent).exec() == QDialog.DialogCode.Accepted


def ask_office_name(parent: QWidget | None) -> bool:
    """文件 → 单位名称…: the name every printout is headed with."""
    name, ok = QInputDialog.getText(parent, tr("单位名称"), tr("单位名称（印在每一份打印件和导出表格的标题上）："),
                                    QLineEdit.EchoMode.Normal, office.office_name())
    if not ok:
        return False
    try:
        office.set_office_name(name)
    except BadValue as exc:
        QMessageBox.warning(parent, tr("未能修改"), str(exc))
        return False
    return True
