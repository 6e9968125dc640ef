"""优化配置: each section with its members' education, major and expertise, and what it visibly lacks."""
from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from govoffice_desktop.services import staff
from govoffice_desktop.ui.forms import RED, PanelDialog, em


class AllocationDialog(PanelDialog):
    """A tree: sections, then their members; a section's line sums up its skills and gaps."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("优化配置：各科室人员结构"))
        self.resize(em(self, 72), em(self, 36))
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("科室 / 姓名"), self.tr("学历"), self.tr("专业"), self.tr("专长"),
                                   self.tr("职务"), self.tr("提示")])
        self.tree.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("看各科室的学历、专业、专长是否互补；调动人员请在人员档案中选中后点“调动…”。"), self))
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.buttons)
        self.reload()

    def reload(self) -> None:
        self.tree.clear()
        for skills in staff.allocation():
            educations = "、".join(f"{k}{n}人" for k, n in skills.educations.items())
            gaps = "；".join(skills.gaps)
            head = QTreeWidgetItem([self.tr("%1（%2 人）").replace("%1", skills.section.name)
                                    .replace("%2", str(len(skills.members))), educations,
                                    "、".join(skills.majors), "、".join(skills.expertise), "", gaps])
            for column in (1, 2, 3):  # a section's summary can be long: the whole of it on hover
                head.setToolTip(column, head.text(column))
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            if gaps:
                head.setForeground(5, QBrush(QColor(RED)))
            for p in skills.members:
                head.addChild(QTreeWidgetItem([p.name, p.education, p.major, p.expertise, p.post, ""]))
            self.tree.addTopLevelItem(head)
            head.setExpanded(True)
        widest = em(self, 16)
        for column in range(self.tree.columnCount()):
            self.tree.resizeColumnToContents(column)
            self.tree.setColumnWidth(column, min(self.tree.columnWidth(column), widest))
