from __future__ import annotations

import pytest

from govoffice_desktop.services.documents import numbers
from govoffice_desktop.services.validation import BadValue


def test_numbers_written_and_read_back():
    assert numbers.incoming_number(2026, 12) == "收〔2026〕12号"
    assert numbers.outgoing_number("宿政办发", 2026, 3) == "宿政办发〔2026〕3号"
    assert numbers.outgoing_number("宿政办发", None, None) == ""
    assert numbers.parse_number("宿政办发〔2026〕3号") == ("宿政办发", 2026, 3)
    assert numbers.parse_number(" 苏政发[2026]12号 ") == ("苏政发", 2026, 12)
    assert numbers.parse_number("宿政办函（2025）第 7 号") == ("宿政办函", 2025, 7)
    assert numbers.parse_incoming_number("收〔2026〕12号") == (2026, 12)
    assert numbers.parse_incoming_number("12", year=2026) == (2026, 12)
    assert numbers.parse_incoming_number("第12号", year=2026) == (2026, 12)


@pytest.mark.parametrize("text", ["", "宿政办发2026年3号", "宿政办发〔26〕3号", "宿政办发〔2026〕0号", "abc"])
def test_what_is_not_a_number_is_refused_in_words(text):
    with pytest.raises(BadValue, match="不是文号"):
        numbers.parse_number(text)


def test_an_incoming_number_of_another_register_is_refused():
    with pytest.raises(BadValue, match="以“收”开头"):
        numbers.parse_incoming_number("宿政办发〔2026〕3号")
    with pytest.raises(BadValue, match="不是收文编号"):
        numbers.parse_incoming_number("12")  # the year unknown
