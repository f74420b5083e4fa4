"""Guards before a name: a lead that is nothing but place names makes the figure theirs."""
from __future__ import annotations

from lib.parse.guards import _places_of


def test_a_lead_of_place_names_and_list_glue_is_a_place_list():
    assert _places_of("南华县、牟定县") == ("南华县", "牟定县")
    assert _places_of("南华县和牟定县等地") == ("南华县", "牟定县")
    # white space between the names is glue too, full-width or not
    assert _places_of("襄阳市\u3000宜昌市") == ("襄阳市", "宜昌市")
    assert _places_of("襄阳市 宜昌市") == ("襄阳市", "宜昌市")


def test_a_lead_holding_anything_but_places_and_glue_is_no_place_list():
    # a figure or a digit is in no place's name: no scan needed to say so
    assert _places_of("完成投资3.5亿元南华县") is None
    assert _places_of("南华县、牟定县2") is None
    assert _places_of("全年南华县") is None  # 全年 is no place
    assert _places_of("县") is None  # too short to be a list
