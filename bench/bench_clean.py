"""clean() throughput on realistic generated report text (~20,000 characters).

The text mixes the shapes clean() meets: a hard-wrapped PDF text layer with page footers, a web
copy with site chrome and fused page markers, OCR-damaged figures, and a traditional-character
passage (which switches OpenCC on).  Measured: characters of input per second, best of several
runs on one core.
"""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lib.parse.clean import clean  # noqa: E402

TARGET = 3_000_000  # chars/s; the whole pipeline must do >= 1,000,000

SUBJECTS = ["全市地区生产总值", "一般公共预算收入", "规上工业增加值", "社会消费品零售总额", "固定资产投资",
            "城镇居民人均可支配收入", "农村居民人均可支配收入", "外贸进出口总额", "粮食总产量", "森林覆盖率"]
VERBS = ["完成", "达到", "突破", "增长", "提高到"]
UNITS = ["亿元", "万元", "%", "万人", "万吨", "个", "家", "公里"]
PHRASES = ["坚持稳中求进工作总基调", "全力以赴拼经济、抓项目、优环境、惠民生", "深入实施创新驱动发展战略",
           "持续优化营商环境", "扎实推进乡村全面振兴", "着力保障和改善民生", "加快建设现代化产业体系"]


def sentence(rnd: random.Random) -> str:
    fig = f"{rnd.randint(1, 999)}.{rnd.randint(0, 9)}"
    return (f"{rnd.choice(PHRASES)},{rnd.choice(SUBJECTS)}{rnd.choice(VERBS)}{fig}{rnd.choice(UNITS)},"
            f"增长{rnd.randint(1, 12)}.{rnd.randint(0, 9)}%。")


def paragraphs(rnd: random.Random, n: int) -> list[str]:
    out = []
    for i in range(n):
        if i % 6 == 0:
            out.append(f"({'一二三四五六七八九十'[i // 6 % 10]}){rnd.choice(PHRASES)}")
        out.append("".join(sentence(rnd) for _ in range(rnd.randint(2, 6))))
    return out


def wrap(paras: list[str], width: int = 56) -> str:
    lines = []
    for p in paras:
        line, w = [], 0
        for ch in p:
            cw = 1 if ch.isascii() else 2
            if w + cw > width and ch not in ",。、;:%":
                lines.append("".join(line))
                line, w = [], 0
            line.append(ch)
            w += cw
        lines.append("".join(line))
    out = []
    for i, ln in enumerate(lines, 1):
        out.append(ln)
        if i % 38 == 0:
            out.append(f"\f- {i // 38} -")
    return "\n".join(out)


def make_report(seed: int = 1, size: int = 20_000) -> str:
    rnd = random.Random(seed)
    pdf = wrap(paragraphs(rnd, 40))
    flat = "".join(paragraphs(rnd, 12))  # a web copy of a paginated file: pages cut anywhere
    web_pages = [flat[i:i + 520] for i in range(0, len(flat), 520)]
    web = ("首页 | 政务公开 | 新闻中心 | 办事服务\n当前位置:首页 > 政务公开 > 政府工作报告\n"
           "发布时间:2024-01-22 来源:市政府办公室 【字号:大 中 小】\n"
           + "".join(f"\n{i}、{p}" for i, p in enumerate(web_pages, 1)).lstrip("\n")
           + "\n市场主体增至IL9万户,森林覆盖率达到4L6%。\n上一篇:XX市召开经济工作会议\n"
           "版权所有:XX市人民政府办公室 京ICP备12345678号\n")
    trad = "全市地區生產總值增長5.2%,一般公共預算收入達到320億元。現在,我代表市人民政府向大會報告工作。\n"
    text = pdf + "\n" + trad + web
    while len(text) < size:
        text = text + "\n" + wrap(paragraphs(rnd, 10))
    return text[:size]


def throughput(text: str, rounds: int = 15) -> float:
    clean(text)  # warm up (OpenCC tables, regex caches)
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        clean(text)
        best = min(best, time.perf_counter() - t0)
    return len(text) / best


def run() -> list[dict]:
    text = make_report()
    cps = throughput(text)
    return [dict(name="clean() on a 20,000-char report", measured=cps, target=TARGET, unit="chars/s",
                 ok=cps >= TARGET)]


if __name__ == "__main__":
    for row in run():
        print(row)
