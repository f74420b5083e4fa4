"""The extraction rules, each on realistic report sentences written for other
places, levels and years (not the seeds)."""
from __future__ import annotations

import pytest

from lib.parse.clean import clean
from lib.parse.bind import extract_facts
from lib.model import Fact, ReportMeta, Section


def facts(text: str, kind: str = "result", year: int = 2023) -> list[Fact]:
    c = clean(text)
    meta = ReportMeta(file="t.txt", review_year=2023, plan_year=2024)
    return extract_facts(c, [Section(kind, 0, len(c.text), year=year)], meta)


def table(text: str, kind: str = "result", year: int = 2023) -> dict:
    return {f.indicator: (f.value, f.unit, f.qualifier) for f in facts(text, kind, year)}


def test_one_subject_with_several_figures_and_a_subset():
    t = table("外贸自营进出口总额超1.2万亿元,增长5%以上,其中出口超8000亿元,增长8%左右。")
    assert t == {"trade": (12000, "亿元", "gt"), "trade_growth": (5, "%", "ge"),
                 "exports": (8000, "亿元", "gt"), "exports_growth": (8, "%", "approx")}


def test_level_and_growth_pairs_in_a_summary_sentence():
    t = table("全县生产总值完成312.5亿元,同比增长6.8%;一般公共预算收入完成18.2亿元,增长12.6%;"
              "规模以上工业增加值增长9.1%,固定资产投资下降3.5%,社会消费品零售总额增长6.2%。")
    assert t["gdp"][:2] == (312.5, "亿元") and t["gdp_growth"][0] == 6.8
    assert t["fiscal_revenue"][0] == 18.2 and t["fiscal_revenue_growth"][0] == 12.6
    assert t["industrial_va_growth"][0] == 9.1
    assert t["fai_growth"][0] == -3.5  # a decline is negative growth
    assert t["retail_sales_growth"][0] == 6.2


def test_growth_before_level():
    t = table("全区一般公共预算收入增长12.6%达92.9亿元,税收占比提升。")
    assert t["fiscal_revenue_growth"][0] == 12.6 and t["fiscal_revenue"][0] == 92.9


def test_fenbie_pairs_by_position_and_a_park_is_not_the_city():
    t = table("城镇和农村居民人均可支配收入分别增长5.0%和6.9%。")
    assert t == {"urban_income_growth": (5.0, "%", "eq"), "rural_income_growth": (6.9, "%", "eq")}
    assert table("2023年,经开区营收、固投分别达到1800亿元和260亿元,均居全省前列。") == {}
    t = table("固定资产投资、社会消费品零售总额分别增长8.2%和6.1%。")
    assert t["fai_growth"][0] == 8.2 and t["retail_sales_growth"][0] == 6.1


def test_percentage_points_are_not_percent():
    assert table("新能源汽车项目投产,拉动地区生产总值增长超0.8个百分点。") == {}
    assert "unemployment_rate" not in table("城镇调查失业率下降0.3个百分点。")


def test_sub_areas_firms_and_fairs_are_not_the_place():
    assert table("高新区实现地区生产总值520亿元,增长9%。") == {}
    assert table("市属国有控股上市公司增至8家。") == {}
    assert table("跨境电商进出口额增长35%,服务贸易进出口增长20%。") == {}
    assert table("完成海铁联运集装箱吞吐量98万标箱,增长18%。") == {}


def test_annual_averages_and_five_year_totals_are_not_a_years_value():
    assert table("过去五年,全市生产总值年均增长6.5%,累计完成固定资产投资2.1万亿元。") == {}
    assert table("“十四五”期间,力争地区生产总值突破3000亿元。", "plan", 2024) == {}
    assert table("地区生产总值年均增长7%。") == {}


def test_shares_are_not_growth_and_counts_of_projects_are_not_values():
    assert table("税收收入占一般公共预算收入比重达到78%。") == {}
    assert table("286个省市重点项目超额完成年度投资任务,地区生产总值等6项主要经济指标增速居全省前列。") == {}


def test_things_that_look_like_numbers_are_not_quantities():
    assert table("建成5G基站1.2万个,地铁2号线开通运营,构建“1+4+43+N”就业服务体系。") == {}
    assert table("推进PM2.5和臭氧协同控制。") == {}


def test_canonical_units():
    t = table("城镇居民人均可支配收入7.7万元,新增就业人员6100人,粮食总产量513万吨,新增学位1万个。")
    assert t["urban_income"][:2] == (77000, "元")
    assert t["new_jobs"][:2] == (0.61, "万人")
    assert t["grain_output"][:2] == (102.6, "亿斤")
    assert t["new_school_places"][:2] == (10000, "个")
    t = table("改造完成城中村860万平方米、老旧小区312万平方米。")
    assert t == {"old_community_renovation": (312, "万平方米", "eq")}  # stated unit kept


def test_plan_qualifiers_and_ranges():
    t = table("主要预期目标是:地区生产总值增长6%—6.5%,固定资产投资增长7%以上,城镇新增就业12万人,"
              "城镇调查失业率控制在5.5%以内,居民消费价格涨幅3%左右,粮食产量稳定在35亿斤以上,"
              "PM2.5平均浓度低于30微克/立方米。", "plan", 2024)
    assert t["gdp_growth"] == (6, "%", "range")
    assert t["fai_growth"] == (7, "%", "ge")
    assert t["new_jobs"] == (12, "万人", "eq")
    assert t["unemployment_rate"] == (5.5, "%", "le")
    assert t["cpi"] == (3, "%", "approx")
    assert t["grain_output"] == (35, "亿斤", "ge")
    assert t["pm25"] == (30, "微克/立方米", "le")
    gdp = next(f for f in facts("地区生产总值增长6%-6.5%。", "plan", 2024) if f.indicator == "gdp_growth")
    assert gdp.value_high == 6.5 and gdp.year == 2024 and gdp.section == "plan"


def test_near_and_levels_stated_with_to():
    t = table("全县市场主体近3万户。研发经费投入强度提高到2.9%,PM2.5平均浓度下降到28微克/立方米,"
              "城乡居民收入比缩小至1.83:1。")
    assert t["rd_intensity"] == (2.9, "%", "eq")
    assert t["pm25"] == (28, "微克/立方米", "eq")
    assert t["income_ratio"][0] == 1.83
    assert t["market_entities"] == (3, "万户", "near")


def test_counts_before_their_noun():
    t = table("年内完成56个老旧小区改造,18户企业入选国家级专精特新“小巨人”。")
    assert t["old_community_renovation"][:2] == (56, "个")
    assert t["specialized_smes"][:2] == (18, "家")


def test_estimated_flag_and_evidence_offsets():
    text = "各位代表:\n预计全市生产总值8230亿元、增长5.6%。新增城镇就业3.2万人。"
    c = clean(text)
    fs = extract_facts(c, [Section("result", 0, len(c.text), year=2023)],
                       ReportMeta(file="t", review_year=2023, plan_year=2024))
    by = {f.indicator: f for f in fs}
    assert by["gdp"].estimated and by["gdp_growth"].estimated and not by["new_jobs"].estimated
    for f in fs:
        assert c.text[f.start:f.end] == f.evidence
        assert f.start <= f.fig_start < f.fig_end <= f.end
    assert by["gdp"].evidence.startswith("预计全市生产总值")
    assert c.text[by["gdp_growth"].fig_start:by["gdp_growth"].fig_end] == "5.6%"


def test_shared_head_of_a_coordinated_list():
    t = table("高新技术产业、战略性新兴产业增加值增速均超9%。")
    assert t["high_tech_industry_va_growth"] == (9, "%", "gt")


def test_a_growth_of_a_count_is_not_a_level():
    assert "market_entities" not in table("各类经营主体比上年增加2.1万户。")


def test_another_year_in_the_sentence_is_not_this_years_value():
    assert table("与2019年相比,地区生产总值增长18%。") == {}
    assert table("2023年,地区生产总值增长5.2%。")["gdp_growth"][0] == 5.2


@pytest.mark.parametrize("kind", ["other"])
def test_other_sections_yield_no_facts(kind):
    assert facts("地区生产总值增长5%。", kind) == []


def test_per_capita_and_per_unit_gdp_are_not_gdp():
    assert table("人均地区生产总值达到12.5万元。") == {}
    assert table("万元GDP能耗下降3%。") == {}
    assert table("限额以上社会消费品零售额增长9%。") == {}


def test_thousands_separators_and_an_exact_figure_after_a_round_one():
    t = table("全市地区生产总值突破1万亿元,达到10,235亿元,增长5.8%。")
    assert t["gdp"] == (10235, "亿元", "eq") and t["gdp_growth"][0] == 5.8


def test_yi_without_yuan_is_money_and_money_before_projects_is_not_a_value():
    assert table("经济总量突破1.2万亿,迈上新台阶。")["gdp"] == (12000, "亿元", "gt")
    t = table("固定资产投资增长10%,其中5000万元以上项目完成投资800亿元。")
    assert t == {"fai_growth": (10, "%", "eq")}


def test_an_increment_of_a_stock_is_not_the_stock():
    assert "market_entities" not in table("全年新增市场主体5230户。")
    assert table("全区经营主体增至2.6万户。")["market_entities"] == (2.6, "万户", "eq")


def test_a_part_of_the_named_total_is_not_the_total():
    t = table("一般公共预算收入完成124.6亿元,同口径增长8.7%,其中税收收入98.5亿元。")
    assert t == {"fiscal_revenue": (124.6, "亿元", "eq"), "fiscal_revenue_growth": (8.7, "%", "eq")}
    assert table("一般公共预算收入中的税收收入98亿元。") == {}
    assert table("每万人口高价值发明专利拥有量25件。") == {}


def test_round_figures_in_words_and_weak_subjects():
    assert table("地区生产总值突破千亿元大关。")["gdp"] == (1000, "亿元", "gt")
    assert table("粮食播种面积稳定在300万亩,蔬菜产量200万吨。") == {}
    assert table("粮食生产再获丰收,总产量达到42.6亿斤。")["grain_output"][0] == 42.6


def test_quarterly_figures_are_not_the_years_and_dollar_trade_keeps_its_unit():
    assert table("一季度地区生产总值增长4.5%,前三季度固定资产投资增长8%。") == {}
    t = table("外贸进出口总额1050亿美元,增长6%。")
    assert t["trade"] == (1050, "亿美元", "eq") and t["trade_growth"][0] == 6


def test_a_second_fenbie_list_reuses_the_first_lists_subjects():
    t = table("城镇、农村居民人均可支配收入分别达到35859元、14815元,分别增长2.3%、8.3%。")
    assert t == {"urban_income": (35859, "元", "eq"), "rural_income": (14815, "元", "eq"),
                 "urban_income_growth": (2.3, "%", "eq"), "rural_income_growth": (8.3, "%", "eq")}


def test_a_sub_area_stays_the_subject_of_its_sentence():
    # a park's figures in later clauses are still the park's, until the whole place is named
    assert table("莫干山高新区规上工业增加值增长15.2%,实际利用外资2.1亿美元。") == {}
    assert table("临空经济示范区引进项目46个,签约金额超过380亿元。") == {}
    t = table("高新区规上工业增加值增长15.2%,全县实际利用外资3.6亿美元。")
    assert t == {"fdi": (3.6, "亿美元", "eq")}
    # a per-capita marker binds only its own clause
    t = table("每万人口发明专利拥有量42.8件,有效发明专利拥有量达到4.4万件。")
    assert t == {"invention_patents": (4.4, "万件", "eq")}
    # a clause that names a park without a figure does not make it the subject
    assert table("推进开发区整合提升,规上工业增加值增长7.2%。")["industrial_va_growth"][0] == 7.2


def place_facts(text: str, province: str, city: str = "", district: str = "") -> dict:
    c = clean(text)
    meta = ReportMeta(file="t.txt", province=province, city=city, district=district,
                      review_year=2023, plan_year=2024)
    return {f.indicator: f.value for f in
            extract_facts(c, [Section("result", 0, len(c.text), year=2023)], meta)}


def test_named_sub_places_are_not_the_place_but_the_place_itself_is():
    assert place_facts("南华县、牟定县打通断头路7条。", "云南省", "楚雄彝族自治州") == {}
    assert place_facts("襄阳、宜昌地区生产总值均突破5000亿元。", "湖北省") == {}
    assert place_facts("武汉市地区生产总值增长12.2%。", "湖北省") == {}
    assert place_facts("昆山市地区生产总值增长6.8%。", "江苏省", "苏州市", "昆山市") == {"gdp_growth": 6.8}
    # a word that is also a place name is not a place list (新增城市 is not 增城市)
    assert place_facts("新增城市口袋公园20个。", "广东省", "广州市") == {"pocket_parks": 20}


def test_year_average_inside_a_name_is_not_a_year_average():
    assert table("PM2.5年均浓度27微克/立方米,创有监测以来最低。") == {"pm25": (27, "微克/立方米", "eq")}
    assert table("全区生产总值年均增长6.4%。") == {}


def test_infographic_lines_are_one_statement():
    t = table("■ 地区生产总值\n1605.3亿元\n增长6.1%\n\n■ 一般公共预算收入\n70.2亿元\n同口径增长5.3%\n")
    assert t == {"gdp": (1605.3, "亿元", "eq"), "gdp_growth": (6.1, "%", "eq"),
                 "fiscal_revenue": (70.2, "亿元", "eq"), "fiscal_revenue_growth": (5.3, "%", "eq")}
    # a numbered target list stays one target per line
    t = table("主要预期目标:\n1.地区生产总值增长7%以上\n2.一般公共预算收入增长6%\n", "plan", 2024)
    assert t == {"gdp_growth": (7, "%", "ge"), "fiscal_revenue_growth": (6, "%", "eq")}


def test_more_phrasings_of_known_indicators():
    assert table("全社会研发投入占地区生产总值比重达到3.25%。") == {"rd_intensity": (3.25, "%", "eq")}
    assert table("研发经费支出相当于地区生产总值的比例达到4.2%。") == {"rd_intensity": (4.2, "%", "eq")}
    assert table("地区生产总值4045.06亿元,按可比价计算增长6.8%。")["gdp_growth"][0] == 6.8
    assert table("新建城市道路里程56公里。") == {"new_road_length": (56, "公里", "eq")}
    assert table("PM2.5平均浓度下降到每立方米60微克以下。", "plan", 2024) == {
        "pm25": (60, "微克/立方米", "le")}
    assert table("地区生产总值达到22156.69亿元。")["gdp"][0] == 22156.69


def test_key_projects_completed_investment_not_their_planned_total():
    assert table("全年实施省市县重点项目126个,完成投资286亿元。") == {
        "key_project_investment": (286, "亿元", "eq")}
    assert table("实施重点项目300个,总投资1500亿元。") == {}


def test_a_comparison_with_the_year_before_is_the_years_growth_but_not_with_an_earlier_one():
    assert table("全市地区生产总值达到5600亿元,较2022年增长6%。")["gdp_growth"][0] == 6
    assert "fiscal_revenue_growth" not in table("一般公共预算收入755.97亿元,比2019年增长10.5%。")


def test_names_met_in_more_reports():
    assert table("地表水国考断面水质优良比例达到86.5%。") == {"water_quality_rate": (86.5, "%", "eq")}
    assert table("新建改造城市道路12条18.4公里。") == {"new_road_length": (18.4, "公里", "eq")}
    assert table("签约项目36个,协议投资168亿元。")["signed_investment"][:2] == (168, "亿元")
    assert table("全国财政收入突破20万亿元,增长10.7%。") == {
        "fiscal_revenue": (200000, "亿元", "gt"), "fiscal_revenue_growth": (10.7, "%", "eq")}
    assert table("全年降低企业税负5700多亿元。") == {"tax_relief": (5700, "亿元", "gt")}
    assert table("预计全年退税减税约2.5万亿元。", "plan", 2024) == {"tax_relief": (25000, "亿元", "approx")}
    assert table("省级重大项目完成投资3200亿元。") == {"key_project_investment": (3200, "亿元", "eq")}
    # must not fire: a count of roads, a weak name without a money figure, 为企业减轻负担
    assert table("新建改造城市道路12条。") == {}
    assert table("实施省级重大项目220个。") == {}
    assert table("全年为企业减轻负担600亿元左右。") == {}


def test_fenbie_after_a_list_of_named_figures():
    t = table("城镇居民人均可支配收入52340元、农村居民人均可支配收入21876元,分别增长6.1%和7.4%。")
    assert t == {"urban_income": (52340, "元", "eq"), "rural_income": (21876, "元", "eq"),
                 "urban_income_growth": (6.1, "%", "eq"), "rural_income_growth": (7.4, "%", "eq")}
    t = table("一般公共预算收入86.4亿元,社会消费品零售总额412亿元,分别增长9.2%和5.5%。")
    assert t["fiscal_revenue_growth"][0] == 9.2 and t["retail_sales_growth"][0] == 5.5
    # must not fire: the list's items are not named figures of the sentence
    t = table("实现地区生产总值612亿元,其中第二、三产业增加值分别增长6%和8%。")
    assert t == {"gdp": (612, "亿元", "eq")}


def test_a_clause_after_a_fenbie_list_goes_on_with_the_list():
    t = table("城镇、农村居民人均可支配收入分别达到41280元、18930元,增长5.9%、7.8%。")
    assert t["urban_income_growth"][0] == 5.9 and t["rural_income_growth"][0] == 7.8
    # must not fire: the next clause names its own subject, or has another number of figures
    t = table("城镇、农村居民人均可支配收入分别达到41280元、18930元,社会消费品零售总额增长5.9%。")
    assert "urban_income_growth" not in t and t["retail_sales_growth"][0] == 5.9
    t = table("城镇、农村居民人均可支配收入分别达到41280元、18930元,增长5.9%。")
    assert "urban_income_growth" not in t and "rural_income_growth" not in t


def test_a_qualifier_after_a_fenbie_list_holds_for_every_item():
    t = table("城乡居民人均可支配收入分别增长6.5%和8%左右。", "plan", 2024)
    assert t == {"urban_income_growth": (6.5, "%", "approx"), "rural_income_growth": (8, "%", "approx")}
    # must not fire: each figure has its own qualifier, or the last one's is a 'pre' word
    t = table("城乡居民人均可支配收入分别增长6%以上和8%左右。", "plan", 2024)
    assert t["urban_income_growth"][2] == "ge" and t["rural_income_growth"][2] == "approx"
    t = table("城乡居民人均可支配收入分别增长6%和超8%。", "plan", 2024)
    assert t["urban_income_growth"][2] == "eq"


def test_a_years_running_total_and_a_counts_stock_are_not_multi_year_totals():
    assert table("全年累计减税降费4.2亿元。") == {"tax_relief": (4.2, "亿元", "eq")}
    assert table("国家级专精特新小巨人企业累计达到109家。") == {"specialized_smes": (109, "家", "eq")}
    # must not fire: a running total of money, or 累计 without 全年
    assert table("累计完成固定资产投资达到1.2万亿元。") == {}
    assert table("累计减税降费38亿元。") == {}


def test_additions_then_the_stock_in_one_sentence_are_two_figures():
    got = sorted(f.value for f in facts("新增境内外上市公司13家,总数达201家。") if f.indicator == "listed_companies")
    assert got == [13, 201]
    # must not fire: the same figure restated, or two stocks
    got = [f.value for f in facts("上市公司达到58家,总数达60家。") if f.indicator == "listed_companies"]
    assert got == [58]


def test_the_years_planned_investment_of_key_projects_is_a_target():
    t = table("实施省重点项目650个,年度计划投资5800亿元以上。", "plan", 2024)
    assert t == {"key_project_investment": (5800, "亿元", "ge")}
    # must not fire: the projects' planned total
    assert table("实施重点项目650个,计划投资5800亿元。", "plan", 2024) == {}
    assert table("实施重大项目650个,总投资1.2万亿元。", "plan", 2024) == {}


def test_a_set_of_large_cities_is_a_sub_area():
    assert table("31个大城市城镇调查失业率都在5%左右。") == {}
    # must not fire: the whole country's rate
    assert table("全国城镇调查失业率平均为5.2%。") == {"unemployment_rate": (5.2, "%", "eq")}


def test_national_words_for_tax_and_fee_relief():
    assert table("全面推开营改增试点,今年将比改革前减轻企业税费负担5000亿元以上。", "plan", 2024) == \
        {"tax_relief": (5000, "亿元", "ge")}
    assert table("全年再为企业和个人减税8000多亿元。", "plan", 2024) == {"tax_relief": (8000, "亿元", "gt")}
    assert table("全年为企业减轻税费负担2000多亿元。") == {"tax_relief": (2000, "亿元", "gt")}
    # must not fire: a burden of fees only, or relief counted in firms rather than money
    assert table("为市场主体减轻非税负担3000多亿元。") == {}
    assert "tax_relief" not in table("减轻企业负担政策惠及经营主体1.2万户。")
    # must not fire: 减负 is wider than tax relief (costs, rents, power prices)
    assert table("全年为市场主体减负超过2.6万亿元。") == {}
    assert table("为企业减负55.2亿元。") == {}


def test_stepping_onto_a_level_is_more_than_it():
    assert table("粮食产量首次迈上1.4万亿斤新台阶。") == {"grain_output": (14000, "亿斤", "gt")}
    # must not fire as gt: a plain level
    assert table("粮食产量达到1.4万亿斤。") == {"grain_output": (14000, "亿斤", "eq")}


def test_rd_spending_equal_to_a_share_of_gdp_is_the_intensity():
    t = table("研究与试验发展经费支出相当于生产总值的2.6%;城镇新增就业80万人。", "plan", 2018)
    assert t["rd_intensity"] == (2.6, "%", "eq")
    # must not fire: the spending's growth is not the intensity
    assert "rd_intensity" not in table("研发经费支出增长12%。")


def test_a_starting_area_of_a_new_district_is_a_sub_area():
    assert table("济南新旧动能转换起步区完成固定资产投资120亿元、增长28%。") == {}
    # must not fire on the province itself in the next sentence
    assert table("起步区建设加快。全省固定资产投资增长1.5%。") == {"fai_growth": (1.5, "%", "eq")}


def test_a_whole_years_average_is_the_years_figure():
    assert table("城镇调查失业率全年平均5.6%,年末降到5.2%。") == {"unemployment_rate": (5.6, "%", "eq")}
    # must not fire: an average over years
    assert table("城镇调查失业率年平均5.3%。") == {}


def test_the_registered_unemployment_rate_without_its_town_word():
    assert table("新增城镇就业138.9万人,登记失业率3.1%。")["unemployment_rate"] == (3.1, "%", "eq")
    # must not fire on a change in points
    assert "unemployment_rate" not in table("登记失业率下降0.2个百分点。")


def test_residents_named_alone_in_a_fenbie_list_are_the_two_incomes():
    t = table("全省居民人均可支配收入增长6.2%,其中城镇居民、农村居民分别增长5.4%和7.6%。")
    assert t == {"urban_income_growth": (5.4, "%", "eq"), "rural_income_growth": (7.6, "%", "eq")}
    # must not fire: other shares of the same residents
    assert table("城镇居民、农村居民医保参保率分别达到96%和97%。") == {}


def test_a_city_cluster_or_economic_belt_is_a_sub_area():
    assert table("滇中城市群地区生产总值增长9%。") == {}
    assert table("长株潭都市圈地区生产总值突破2万亿元,增长6%。") == {}
    # must not fire on the province's own figure after it in the next clause naming 全省
    assert table("成渝地区双城经济圈建设加快,全省地区生产总值增长6%。") == {"gdp_growth": (6, "%", "eq")}


def _steps(text: str) -> int:
    """Lines of the parser's own code run to bind `text` (a count of work, not a time)."""
    import sys

    c = clean(text)
    meta = ReportMeta(file="t.txt", review_year=2023, plan_year=2024)
    secs = [Section("result", 0, len(c.text), year=2023)]
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if "/lib/parse/" not in frame.f_code.co_filename:
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        extract_facts(c, secs, meta, [])
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("unit", [
    "地区生产总值增长5%,一般公共预算收入12亿元,",  # a sentence that never ends
    "城镇、农村居民人均可支配收入分别增长5%、6%分别",  # runs of 分别
    "社会消费品零售总额1 2 3、分别5%和",  # bare numbers and lists glued together
    "地区生产总值\n1605.3亿元\n增长6.1%\n",  # hard-wrapped lines read as one statement
])
def test_binding_work_grows_linearly_with_a_sentence_that_never_ends(unit):
    small = _steps("各位代表:" + unit * (3000 // len(unit)))
    large = _steps("各位代表:" + unit * (6000 // len(unit)))
    assert large <= 2.3 * small, (small, large)


def test_a_fenbie_list_with_its_own_unnamed_items_is_not_the_earlier_figures():
    t = table("全年地区生产总值达到5120亿元、增长5.1%,规上工业增加值增长6.2%,"
              "工业投资、民间投资分别增长9.4%、3.3%。")
    assert t["gdp"][0] == 5120 and t["gdp_growth"][0] == 5.1
    assert t["industrial_va_growth"][0] == 6.2
    # still fires: nothing before 分别 but the comma, so the list is the named figures before it
    t = table("一般公共预算收入21.4亿元,社会消费品零售总额96亿元,同比分别增长7.2%和4.4%。")
    assert t["fiscal_revenue_growth"][0] == 7.2 and t["retail_sales_growth"][0] == 4.4


def test_from_a_start_level_to_an_end_level_the_end_is_the_years_figure():
    t = table("全县生产总值从2018年的96.3亿元增长到2023年的131.8亿元,一般公共预算收入由5.1亿元增加到7.9亿元。")
    assert t["gdp"] == (131.8, "亿元", "eq") and t["fiscal_revenue"] == (7.9, "亿元", "eq")
    t = table("PM2.5平均浓度从2018年的61微克/立方米降至38微克/立方米,森林覆盖率从29%提高到33%。")
    assert t["pm25"] == (38, "微克/立方米", "eq")
    # must not fire: the start level alone, or a start and end of a name that is not ours
    got = [f.value for f in facts("一般公共预算收入由5.1亿元增加到7.9亿元。") if f.indicator == "fiscal_revenue"]
    assert got == [7.9]
    assert table("一般公共预算收入12亿元,其中,税收收入由5亿元增长到8亿元。") == {
        "fiscal_revenue": (12, "亿元", "eq")}


def test_one_rate_of_change_for_both_incomes():
    t = table("城乡居民人均可支配收入增长7%。", "plan", 2024)
    assert t == {"urban_income_growth": (7, "%", "eq"), "rural_income_growth": (7, "%", "eq")}
    t = table("城镇和农村居民人均可支配收入分别完成41210元、18650元,均增长6.5%。")
    assert t["urban_income_growth"][0] == 6.5 and t["rural_income_growth"][0] == 6.5
    assert t["urban_income"][0] == 41210 and t["rural_income"][0] == 18650
    t = table("城乡居民人均可支配收入增长5.6%和7.1%。")
    assert t["urban_income_growth"][0] == 5.6 and t["rural_income_growth"][0] == 7.1
    # must not fire: one level for both is all residents' income, not either
    assert table("城乡居民人均可支配收入达到32150元。") == {}


def test_a_product_groups_exports_are_not_the_places_exports():
    assert table("机电产品出口增长12.5%。") == {}
    assert table("“新三样”出口增长31%,一般贸易占比提高。") == {}
    t = table("高新技术产品、农产品出口分别增长16.2%、9.8%。")
    assert "exports_growth" not in t
    # must not fire: the place's own exports after its product groups' sentence
    t = table("汽车产品出口增长20%。全市出口总额1520亿元,增长6.4%。")
    assert t == {"exports": (1520, "亿元", "eq"), "exports_growth": (6.4, "%", "eq")}


def test_a_value_outside_the_indicators_range_is_another_quantity():
    assert table("企业研发经费占比超过85%。") == {}
    assert table("研发经费投入强度达到2.4%。") == {"rd_intensity": (2.4, "%", "eq")}
    assert "unemployment_rate" not in table("城镇调查失业率95%。")


def test_a_fenbie_list_with_fewer_items_than_figures_binds_none():
    t = table("稳定粮食播种面积,粮油菜产量分别稳定在120亿斤、8亿斤、30亿斤以上。", "plan", 2024)
    assert "grain_output" not in t
    # must not fire: a list with as many items as figures
    t = table("固定资产投资、社会消费品零售总额分别增长7.5%和5.2%。")
    assert t["fai_growth"][0] == 7.5


def test_a_period_governs_the_figures_after_it_until_the_year_is_named():
    t = table("“十四五”以来,全县地区生产总值连跨3个百亿台阶,2023年达到428亿元、增长6.2%。")
    assert t == {"gdp": (428, "亿元", "eq"), "gdp_growth": (6.2, "%", "eq")}
    t = table("固定资产投资增长5.1%,新增公路里程900公里,提前完成“十四五”规划目标。")
    assert t == {"fai_growth": (5.1, "%", "eq")}
    # must not fire: the period's rate of change, with no year of ours named after the period words
    assert table("过去五年,地区生产总值达到428亿元,年均增长6.2%。") == {"gdp": (428, "亿元", "eq")}
    assert table("过去五年,地区生产总值增长38%。") == {}
    assert table("“十四五”以来,全县地区生产总值2021年增长7%。") == {}


def test_more_real_phrasings_and_units():
    assert table("细颗粒物年均浓度31.2微克/立方米。") == {"pm25": (31.2, "微克/立方米", "eq")}
    assert table("PM2.5平均浓度不超过33微克每立方米。", "plan", 2024) == {"pm25": (33, "微克/立方米", "le")}
    assert table("PM_2.5浓度控制在29微克。", "plan", 2024) == {"pm25": (29, "微克/立方米", "le")}
    assert table("居民消费价格指数微降0.3%。") == {"cpi": (-0.3, "%", "eq")}
    assert table("规模工业增加值增长6.6%。") == {"industrial_va_growth": (6.6, "%", "eq")}
    assert table("城镇失业率控制在4.5%以内。", "plan", 2024) == {"unemployment_rate": (4.5, "%", "le")}
    assert table("地方级财政收入完成41.2亿元。") == {"fiscal_revenue": (41.2, "亿元", "eq")}
    # a reduction indicator takes 下降 as its size, and a rise as a negative reduction
    assert table("单位地区生产总值能耗预计下降3.1%。") == {"energy_intensity_reduction": (3.1, "%", "eq")}
    assert table("单位GDP能耗上升0.8%。") == {"energy_intensity_reduction": (-0.8, "%", "eq")}
    # must not fire: a reduction over five years
    assert table("单位GDP能耗五年下降18%。") == {}


def test_growth_stated_in_times_and_rates_without_their_sign():
    assert table("实际利用外资增长1.45倍。") == {"fdi_growth": (145, "%", "eq")}
    assert table("研发投入强度达2.7以上。", "plan", 2024) == {"rd_intensity": (2.7, "%", "ge")}
    # must not fire: a multiple of another period's level, or a growth in points without a sign
    assert table("一般公共预算收入达到96.3亿元,比“十三五”末增长了1.2倍。") == {
        "fiscal_revenue": (96.3, "亿元", "eq")}
    assert table("研发投入强度提高0.2。") == {}


def test_a_markets_or_a_list_of_goods_exports_are_sub_groups():
    assert table("对东盟出口增长15%。") == {}
    assert table("对共建“一带一路”国家出口额增长9%。") == {}
    assert table("光伏组件、锂电池出口分别增长35%、41%。") == {}
    assert "exports_growth" not in table("品牌知名度提升、出口增长15倍。")
    # must not fire: the total
    assert table("全市出口增长9%。") == {"exports_growth": (9, "%", "eq")}


def test_grain_output_in_the_farming_clause_and_the_two_incomes_of_towns_and_villages():
    t = table("保障粮食安全,年产量保持在18万吨左右。", "plan", 2024)
    assert t == {"grain_output": (3.6, "亿斤", "approx")}
    t = table("粮食播种面积稳定在52万亩、产量稳定在30万吨以上。", "plan", 2024)
    assert t == {"grain_output": (6, "亿斤", "ge")}
    t = table("粮食生产再获丰收,总产达到86.2亿斤。")
    assert t == {"grain_output": (86.2, "亿斤", "eq")}
    t = table("城镇、乡村居民人均可支配收入分别达到4.1万元、2.2万元。")
    assert t == {"urban_income": (41000, "元", "eq"), "rural_income": (22000, "元", "eq")}
    t = table("全市生产总值1671.9 亿元、增长 7.5%。")
    assert t["gdp_growth"] == (7.5, "%", "eq")
    # must not fire: another crop's output in the next clause
    assert "grain_output" not in table("稳定粮食播种面积,蔬菜产量达到120万吨。")


def test_an_increase_is_not_the_total_and_jobs_created_are_new_jobs():
    assert table("粮食增产1.6亿斤,总产量达到64.5亿斤。") == {"grain_output": (64.5, "亿斤", "eq")}
    assert table("粮食增产0.8亿斤。") == {}
    assert table("全年新增就业岗位2.4万个。") == {"new_jobs": (2.4, "万人", "eq")}
    # must not fire: other counts in 个 are not jobs
    assert table("全年建成5G基站2.4万个。") == {}


def test_levels_at_an_impossible_scale_and_contributions_to_growth_are_not_figures():
    assert table("城镇居民人均可支配收入达到2.8亿元。") == {}
    assert table("一般公共预算收入6万元。") == {}
    assert table("消费对经济增长的贡献率达到58%。") == {}
    # must not fire: a small county's foreign investment in 万美元 is real
    assert table("实际利用外资完成520万美元。") == {"fdi": (0.052, "亿美元", "eq")}


def test_a_parks_share_of_the_whole_hands_the_sentence_back_to_the_whole():
    t = table("五大产业基地工业产值占全市工业产值的比重提高到76%,规模以上工业增加值增长7.4%。")
    assert t == {"industrial_va_growth": (7.4, "%", "eq")}
    # must not fire: the park's own figures go on being the park's
    assert table("高新区工业产值增长12%,规模以上工业增加值增长9%。") == {}


def test_money_glued_to_a_place_noun_counts_places():
    assert table("地区生产总值超百亿县增至12个。", "plan", 2024) == {}
    assert table("培育超亿元村30个。") == {}
    # must not fire: the place's own level
    assert table("地区生产总值超百亿元。")["gdp"] == (100, "亿元", "gt")


def test_a_comparable_basis_growth_goes_on_with_its_subject():
    t = table("地方一般公共预算收入完成86亿元、可比增长5%。")
    assert t == {"fiscal_revenue": (86, "亿元", "eq"), "fiscal_revenue_growth": (5, "%", "eq")}


def test_a_five_year_review_keeps_the_levels_reached_and_drops_the_period_sums():
    text = ("五年来,我们坚持发展第一要务,综合实力稳步提升。全县生产总值达到186.2亿元,"
            "一般公共预算收入由9.1亿元增长到13.4亿元,城镇新增就业2.6万人,实际利用外资4.2亿美元,"
            "城镇登记失业率控制在4%以内,单位GDP能耗下降16%。\n今年地区生产总值增长6%。")
    t = table(text)
    assert t == {"gdp": (186.2, "亿元", "eq"), "fiscal_revenue": (13.4, "亿元", "eq"),
                 "unemployment_rate": (4, "%", "le"), "gdp_growth": (6, "%", "eq")}  # next paragraph
    # must not fire in a plan: a five-year target is not the plan year's
    assert table("今后五年,地区生产总值达到260亿元。", "plan", 2024) == {}


def test_town_and_village_residents_named_alone_after_income_are_the_incomes():
    t = table("全县居民人均可支配收入增长5.8%,其中城镇居民增长4.9%、农村居民增长7.1%。")
    assert t == {"urban_income_growth": (4.9, "%", "eq"), "rural_income_growth": (7.1, "%", "eq")}
    # must not fire: the residents' insurance, with no income named before them
    assert table("农村居民医疗保险参保人数增长3%。") == {}


def test_a_stock_so_far_is_not_a_years_additions():
    assert table("全市公共停车泊位总数达到9.6万个。") == {}
    assert table("新建改建道路总里程达到420公里。") == {}
    t = table("新增中小学学位1.2万个,学位总数达到31万个。")
    assert t == {"new_school_places": (12000, "个", "eq")}
    # must not fire: the year's own running total
    assert table("全年累计新增停车位4200个。") == {"parking_spaces": (4200, "个", "eq")}


def test_a_clause_opening_with_another_places_name_is_that_places():
    assert place_facts("衡阳果蔬出口突破50亿元。", "湖南省") == {}
    assert place_facts("株洲市规上工业增加值增长9%。", "湖南省") == {}
    # must not fire: the report's own place, or words that only look like places
    assert place_facts("湖南地区生产总值增长4.8%。", "湖南省") == {"gdp_growth": 4.8}
    assert place_facts("全年地区生产总值增长5%。", "山东省") == {"gdp_growth": 5}
