"""奖惩台账: the ledger of rewards and penalties (登记奖惩, 修改, 删除)."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QVBoxLayout, QWidget

from govoffice_desktop.services import rewards
from govoffice_desktop.ui.forms import call_service, hint
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.page import PageHost
from govoffice_desktop.ui.month_picker import MonthPicker
from govoffice_desktop.ui.rewards.common import MoneyModel
from govoffice_desktop.ui.rewards_dialogs import EntryDialog, money


class LedgerModel(MoneyModel):
    money_keys = ("amount",)

    def red(self, values):
        amount = values[self.listing.keys.index("amount")]
        return isinstance(amount, Decimal) and amount < 0


class LedgerList(ListTab):
    key = "rewards_ledger"
    model_class = LedgerModel
    month_filter: MonthPicker | None = None  # made beside the search box, after the first listing

    def table_title(self):
        return self.tr("奖惩台账")

    def listing(self):
        period = self.month_filter.month() if self.month_filter is not None else None
        return rewards.entry_listing(*period) if period else rewards.entry_listing()

    def search_hint(self):
        return self.tr("按姓名、科室、类别、事由、来源筛选")

    def add_toolbar_widgets(self, bar: QHBoxLayout) -> None:
        self.month_filter = MonthPicker(self, "bonus", all_text=self.tr("全部"))
        self.month_filter.setObjectName("filter_month")
        bar.addWidget(QLabel(self.tr("月份："), self))
        bar.addWidget(self.month_filter)
        self.fill_months()
        self.month_filter.changed.connect(self.refresh)

    def fill_months(self) -> None:
        self.month_filter.reload(self.parent().tab.day())


class LedgerPage(QWidget):
    message = Signal(str)

    def __init__(self, tab: PageHost):
        super().__init__(tab)
        self.tab = tab
        self.list = LedgerList(self)
        self.list.layout().setContentsMargins(0, 0, 0, 0)
        self.list.status_message.connect(self.message)
        lst = self.list
        self.new_action = lst.make_action(self.tr("登记奖惩…"), self.new_entry, permission="rewards.edit", tip=
                                          self.tr("按奖惩规定登记一条奖励或扣减"))
        self.edit_action = lst.make_action(self.tr("修改…"), self.edit_entry, self.tr("修改所选的奖惩（也可双击该行）"),
                                            permission="rewards.edit")
        self.delete_action = lst.make_action(self.tr("删除…"), self.delete_entry, permission="rewards.edit", tip=
                                             self.tr("删除所选的手工登记；结账、报销、报损生成的在原处更正"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        lst.set_actions((self.new_action, self.edit_action, self.delete_action))
        layout.addWidget(lst, 1)
        layout.addWidget(hint(self.tr("奖励为正数、扣减为负数（红色）。来源为各项结账、出差值勤报销、物品报损的，"
                                      "在原处更正；奖金表定稿的月份不能改动。"), self))
        lst.view.doubleClicked.connect(lambda _i: self.edit_action.trigger())  # via the action
        lst.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        lst.model.modelReset.connect(self._update_actions)
        lst.enable_context_menu()
        lst.context_menu = self._menu
        self._update_actions()

    def _menu(self):
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self)
        menu.addActions([self.new_action, self.edit_action, self.delete_action])
        return menu

    def _update_actions(self) -> None:
        chosen = self.list.selected_row_id() is not None
        self.edit_action.setEnabled(chosen)
        self.delete_action.setEnabled(chosen)

    def current_entry(self):
        return rewards.entry_by_id(self.list.selected_row_id())

    def new_entry(self) -> None:
        dialog = EntryDialog(parent=self, today=self.tab.day())
        if self.list.run_dialog(dialog):
            e = dialog.result_value
            self.list.show_change(self.tr("已登记 %1 %2 元：%3").replace("%1", e.person.name).replace("%2", money(e.amount))
                          .replace("%3", e.reason), e.id)

    def edit_entry(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        dialog = EntryDialog(entry, self, today=self.tab.day())
        if self.list.run_dialog(dialog):
            self.list.show_change(self.tr("已修改 %1 的奖惩").replace("%1", entry.person.name), entry.id)

    def delete_entry(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        question = self.tr("删除 %1 %2 的奖惩（%3 元：%4）？").replace("%1", entry.entry_date.isoformat()) \
            .replace("%2", entry.person.name).replace("%3", money(entry.amount)).replace("%4", entry.reason)
        if QMessageBox.question(self, self.tr("删除奖惩"), question) != QMessageBox.StandardButton.Yes:
            return
        ok, _ = call_service(self, rewards.delete_entry, entry, title=self.tr("不能删除"))
        if ok:
            self.list.show_change(self.tr("已删除 %1 的奖惩").replace("%1", entry.person.name))

    def count_text(self) -> str:
        return self.list.count_text()

    def refresh(self) -> None:
        self.list.fill_months()
        self.list.refresh()
