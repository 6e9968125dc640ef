"""督查督办 tab."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from govoffice_desktop.services import supervision
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.table_model import ListingModel

LIGHT_COLOURS = {supervision.RED: "#d93025", supervision.YELLOW: "#f2a600",
                 supervision.GREEN: "#188038", supervision.DONE: "#80868b", supervision.WITHDRAWN: "#b0b0b0"}


class TaskModel(ListingModel):
    """Tasks, with the status light painted in its colour."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == 0:
            colour = LIGHT_COLOURS.get(self.row_values(index.row())[0])
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.DisplayRole and index.isValid() and index.column() == 0:
            light = self.row_values(index.row())[0]
            return f"● {light}" if light else ""
        return super().data(index, role)


class SupervisionTab(ListTab):
    key = "supervision"
    model_class = TaskModel

    def __init__(self, parent=None):
        super().__init__(parent)
        self.view.horizontalHeader().resizeSection(0, 60)
        self.view.horizontalHeader().resizeSection(2, 320)

    def table_title(self):
        return self.tr("督办事项")

    def listing(self):
        return supervision.task_listing()


    def search_hint(self):
        return self.tr("按来源、事项、责任人、科室、状态筛选")
