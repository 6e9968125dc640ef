"""物品出入库's list: each movement's 金额 is its 数量 × 单价, in two decimals, as the listing gives it
(the list once wrote it again itself, against a listing that had it a hundred times too small)."""
from __future__ import annotations

from govoffice_desktop.models import db
from govoffice_desktop.models.users import User
from govoffice_desktop.services import auth
from govoffice_desktop.services.demo import generate
from govoffice_desktop.services.rewards import goods
from govoffice_desktop.ui.rewards.goods_page import MovementModel
from govoffice_desktop.ui.rewards_dialogs import money


def test_a_movements_amount_is_its_quantity_times_its_unit_price(qapp, tmp_path):
    db.open_database(tmp_path / "demo.db")
    try:
        generate()
        auth.login_as(User.get(User.name == "admin"))
        listing = goods.movement_listing()
        model = MovementModel(listing, [c.label for c in listing.columns])
        model.reload()
        keys = listing.keys
        assert model.rowCount() >= 10
        for row in range(model.rowCount()):
            values = model.row_values(row)
            quantity, price = values[keys.index("quantity")], values[keys.index("unit_price")]
            assert values[keys.index("amount")] == price * quantity
            assert model.index(row, keys.index("amount")).data() == money(price * quantity)
    finally:
        auth.logout()
        db.close_database()
