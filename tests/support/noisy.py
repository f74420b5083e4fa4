"""Noisy report TEXTS for the library's tests and benchmarks (the raw-file side of the synthetic-report
generator; tests.support.synth makes typed Reports whose facts point into their text): varied places,
levels, years and figures, with the noise real files carry (hard line breaks, page numbers,
full-width digits, stray spaces).

`make_report(i)` is deterministic for a given i; different i give different content.
It returns (text, truth) where truth holds the place, level and years written into it.
"""
from __future__ import annotations

import random

# (province, city, district, level, head title)
PLACES = [
    ("浙江省", "", "", "省", "省长"), ("四川省", "", "", "省", "省长"),
    ("广西壮族自治区", "", "", "省", "自治区主席"), ("重庆市", "", "", "省", "市长"),
    ("江苏省", "苏州市", "", "市", "市长"), ("湖南省", "岳阳市", "", "市", "市长"),
    ("甘肃省", "天水市", "", "市", "市长"), ("云南省", "楚雄彝族自治州", "", "市", "州长"),
    ("广东省", "佛山市", "", "市", "市长"), ("河南省", "洛阳市", "", "市", "市长"),
    ("山东省", "潍坊市", "", "市", "市长"), ("黑龙江省", "牡丹江市", "", "市", "市长"),
    ("天津市", "", "武清区", "区", "区长"), ("上海市", "", "闵行区", "区", "区长"),
    ("湖北省", "武汉市", "江夏区", "区", "区长"), ("陕西省", "西安市", "雁塔区", "区", "区长"),
    ("四川省", "资阳市", "安岳县", "县", "县长"), ("福建省", "宁德市", "福鼎市", "县", "市长"),
    ("江西省", "赣州市", "瑞金市", "县", "市长"), ("河北省", "保定市", "涞水县", "县", "县长"),
    ("贵州省", "黔东南苗族侗族自治州", "凯里市", "县", "市长"), ("安徽省", "阜阳市", "临泉县", "县", "县长"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "建国志强海涛晓明丽华永红国庆文斌振华春生立新卫东小平光辉学军玉兰德胜宏伟秀英"
CN_NUM = "一二三四五六七八九十"

BOILER = [
    "我们坚持稳中求进工作总基调,完整、准确、全面贯彻新发展理念,着力推动高质量发展",
    "面对复杂严峻的外部环境和艰巨繁重的改革发展稳定任务,全{unit}上下团结一心、攻坚克难",
    "深入实施创新驱动发展战略,科技创新能力持续增强",
    "坚持以人民为中心的发展思想,民生福祉持续改善",
    "持续深化“放管服”改革,营商环境不断优化",
    "统筹发展和安全,守牢安全生产底线",
    "坚决打好污染防治攻坚战,生态环境质量持续改善",
    "大力推进乡村全面振兴,农业农村现代化步伐加快",
    "扎实推进共同富裕,城乡区域发展更加协调",
    "加快建设现代化产业体系,先进制造业和现代服务业深度融合",
    "这些成绩的取得,是{upper}坚强领导的结果,是全{unit}人民团结奋斗的结果",
    "同时我们也清醒看到,发展中还存在不少困难和问题",
]


def _full_width(s: str) -> str:
    return s.translate(str.maketrans("0123456789.%", "0123456789.%"))


def _fmt(x: float, nd: int = 1) -> str:
    s = f"{x:.{nd}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def make_report(i: int) -> tuple[str, dict]:
    rnd = random.Random(i * 7919 + 17)
    province, city, district, level, head = PLACES[i % len(PLACES)]
    place = province + city + district if level != "区" or city else province + district
    short = district or city or province
    unit = {"省": "省", "市": "市", "区": "区", "县": "县"}[level]
    if short.endswith("自治州"):
        unit = "州"
    if short.endswith("市") and level in ("县", "省"):
        unit = "市"
    upper = {"省": "党中央", "市": "省委", "区": "市委", "县": "市委"}[level]
    plan_year = 2014 + (i // len(PLACES)) % 12
    review_year = plan_year - 1
    scale = {"省": 40000, "市": 4000, "区": 800, "县": 300}[level] * rnd.uniform(0.4, 2.5)
    g = lambda lo, hi: _fmt(rnd.uniform(lo, hi))  # noqa: E731
    name = rnd.choice(SURNAMES) + rnd.choice([GIVEN[k:k + 2] for k in range(0, len(GIVEN), 2)])
    session = CN_NUM[rnd.randrange(9)]

    lines = [f"{short}{plan_year}年政府工作报告" if rnd.random() < 0.5 else "政府工作报告",
             f"——{plan_year}年1月{rnd.randint(5, 28)}日在{short}第{CN_NUM[rnd.randrange(10)]}届人民代表大会第{session}次会议上",
             f"{short}{head} {name}", "", "各位代表:",
             f"现在,我代表{short}人民政府,向大会报告政府工作,请予审议,并请{unit}政协委员和其他列席人员提出意见。",
             "", f"一、{review_year}年工作回顾", ""]
    results = [
        f"全{unit}地区生产总值达到{_fmt(scale, 2)}亿元,增长{g(2, 9)}%",
        f"一般公共预算收入{_fmt(scale * rnd.uniform(0.06, 0.12), 2)}亿元,增长{g(-3, 12)}%",
        f"规模以上工业增加值增长{g(1, 12)}%",
        f"固定资产投资{'增长' if rnd.random() < 0.8 else '下降'}{g(0.5, 15)}%",
        f"社会消费品零售总额{_fmt(scale * rnd.uniform(0.3, 0.5), 1)}亿元,增长{g(2, 10)}%",
        f"城镇常住居民人均可支配收入{rnd.randint(28000, 78000)}元,增长{g(3, 8)}%",
        f"农村常住居民人均可支配收入{rnd.randint(12000, 42000)}元,增长{g(4, 10)}%",
        f"城镇新增就业{_fmt(rnd.uniform(0.3, 90), 2)}万人",
        f"粮食产量{_fmt(rnd.uniform(5, 600), 1)}万吨",
        f"实际使用外资{_fmt(rnd.uniform(0.5, 90), 2)}亿美元",
        f"新建改建农村公路{rnd.randint(30, 2000)}公里",
        f"改造老旧小区{rnd.randint(10, 900)}个",
        f"PM2.5平均浓度{rnd.randint(18, 55)}微克/立方米",
    ]
    rnd.shuffle(results)
    tasks = [f"新建5G基站{rnd.randint(200, 9000)}个", f"完成造林{_fmt(rnd.uniform(0.5, 80))}万亩",
             f"新增城镇老旧小区改造{rnd.randint(20, 600)}个", f"新开工保障性租赁住房{rnd.randint(500, 50000)}套",
             f"新建改建农村公路{rnd.randint(50, 3000)}公里", f"新增高新技术企业{rnd.randint(20, 2000)}家",
             f"实施重点项目{rnd.randint(50, 900)}个,完成投资{_fmt(scale * rnd.uniform(0.05, 0.2))}亿元"]
    bp = lambda: rnd.choice(BOILER).format(unit=unit, upper=upper)  # noqa: E731

    def noisy(para: str) -> str:
        return _full_width(para) if rnd.random() < 0.15 else para

    review = [noisy(bp() + ",过去一年," + r + "。" + "。".join(bp() for _ in range(rnd.randint(6, 14))) + "。")
              for r in results]
    plan = [noisy(bp() + "。" + t + "。" + "。".join(bp() for _ in range(rnd.randint(6, 14))) + "。")
            for t in rnd.sample(tasks, k=rnd.randint(4, len(tasks)))]
    lines += [f"({CN_NUM[k % 10]})" + p for k, p in enumerate(review)]
    lines += ["", f"二、{plan_year}年主要目标和重点任务", ""]
    targets = (f"{plan_year}年经济社会发展的主要预期目标是:地区生产总值增长{g(4, 8)}%左右;"
               f"一般公共预算收入增长{g(3, 8)}%;规模以上工业增加值增长{g(5, 10)}%以上;"
               f"固定资产投资增长{g(5, 12)}%;社会消费品零售总额增长{g(5, 9)}%;"
               f"城乡居民人均可支配收入增长与经济增长同步;城镇新增就业{_fmt(rnd.uniform(0.3, 90), 2)}万人以上;"
               f"城镇调查失业率控制在{g(4.5, 5.5)}%以内;居民消费价格涨幅3%左右;"
               "单位地区生产总值能耗下降完成上级下达任务。")
    lines.append(targets)
    lines += [f"({CN_NUM[k % 10]})" + p for k, p in enumerate(plan)]
    lines += ["", "各位代表!新征程上,我们将更加紧密地团结在以习近平同志为核心的党中央周围,"
                  f"为谱写中国式现代化{short}新篇章而努力奋斗!"]
    # noise: hard line breaks inside long paragraphs and page numbers
    out = []
    page = 1
    for ln in lines:
        while len(ln) > 60 and rnd.random() < 0.5:
            cut = rnd.randint(30, 60)
            out.append(ln[:cut])
            ln = ln[cut:]
            if rnd.random() < 0.2:
                page += 1
                out.append(f"— {page} —")
        out.append(ln)
    text = "\n".join(out) + "\n"
    truth = dict(province=province, city=city, district=district, level=level,
                 review_year=review_year, plan_year=plan_year, place=place, short=short)
    return text, truth


def make_reports(n: int, start: int = 0) -> list[tuple[str, str, dict]]:
    """n distinct reports as (file name, text, truth)."""
    out = []
    for i in range(start, start + n):
        text, truth = make_report(i)
        out.append((f"{i:04d}_{truth['short']}{truth['plan_year']}年政府工作报告.txt", text, truth))
    return out
