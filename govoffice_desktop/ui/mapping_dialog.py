"""调整列对应: which column of the ledger holds which field, guessed first, changed by the user."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from govoffice_desktop.ledgers.mapping import field_specs
from govoffice_desktop.ui.form_keys import FormDialog

NONE = -1


def tr(text: str) -> str:
    return QCoreApplication.translate("MappingDialog", text)


class MappingDialog(FormDialog):
    def __init__(self, kind: str, columns: list[str], current: dict[str, int], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("调整列对应"))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("字") * 34)
        self.specs = field_specs(kind)
        layout = QVBoxLayout(self)
        note = QLabel(tr("为每一项选择台账中对应的列（带 * 的必须选）。选择会被记住，下次遇到同样表头的台账自动使用。"), self)
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for spec in self.specs:
            combo = QComboBox(self)
            combo.addItem(tr("（不导入）"), NONE)
            for index, name in enumerate(columns):
                if name:
                    combo.addItem(name, index)
            chosen = current.get(spec.name, NONE)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.currentIndexChanged.connect(self._check)
            self.combos[spec.name] = combo
            form.addRow(QCoreApplication.translate("columns", spec.label) + (" *" if spec.required else ""), combo)
        layout.addLayout(form)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #d93025;")
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._check()

    def mapping(self) -> dict[str, int]:
        return {name: combo.currentData() for name, combo in self.combos.items() if combo.currentData() != NONE}

    def _check(self) -> None:
        chosen = self.mapping()
        missing = [s.label for s in self.specs if s.required and s.name not in chosen]
        used = list(chosen.values())
        twice = len(used) != len(set(used))
        if missing:
            self.problem.setText(tr("还没有选择：%1").replace("%1", "、".join(missing)))
        elif twice:
            self.problem.setText(tr("同一列不能对应两项"))
        else:
            self.problem.setText("")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not missing and not twice)
