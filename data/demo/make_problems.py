"""Deterministic generator of a year of illustrative problems for Wuhan (420100) and Lanzhou (620100).

Writes data/demo/inspection_points.csv, data/demo/problems.csv and data/demo/problem_history.csv
(loaded by build-db into the tables of the same names; the points' places and units come from
make_points.py) and data/demo/import/problems_demo.csv,
the same problems in the fixed import format (zh headers) for `python -m cocreate problems import`:

    .venv/bin/python data/demo/make_problems.py

Point types and categories follow the civilized-city field assessment (data/catalog/point_types.csv,
problem_categories.csv). Every problem, date and unit's behaviour is ILLUSTRATIVE (示例数据): some
units put things right fast, some slowly, and one district in each city sees the same problem come
back at the same points (a rebound). Point names use real street names but the problems are invented.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import random
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent
DEMO = DATA / "demo"
START, AS_OF = dt.date(2025, 12, 1), dt.date(2026, 11, 29)   # a year, ending on a Sunday
SEED = 20261011
LABEL = "（示例）"

CATEGORIES = {  # code: (deadline days, descriptions)
    "littering": (3, ["绿化带内烟头、塑料袋等垃圾未及时清理", "路面有散落垃圾，存在卫生死角", "楼道堆放杂物、垃圾"]),
    "illegal_parking": (3, ["非机动车占用盲道乱停放", "机动车占用人行道停放", "共享单车堆积，影响通行"]),
    "stall_out_of_place": (3, ["流动摊贩占道经营", "商户出店经营，占用人行道", "早市摊点收市后未清场"]),
    "damaged_facility": (10, ["候车亭座椅破损", "路灯不亮、井盖缺失", "健身器材损坏未维修"]),
    "dirty_toilet": (3, ["公厕地面湿滑、有异味", "洗手液、厕纸未配备", "公厕指示牌缺失"]),
    "poster_missing": (7, ["公益广告缺失或破损", "社会主义核心价值观宣传内容未更新", "围挡公益广告覆盖率不足"]),
    "illegal_ad": (3, ["墙面、电线杆张贴小广告", "乱拉横幅、乱挂广告", "楼道内小广告未清理"]),
    "overflowing_bins": (2, ["垃圾桶满溢未及时清运", "垃圾分类投放不规范", "垃圾桶破损、脏污"]),
    "site_dust": (7, ["工地出入口未设冲洗设施，车辆带泥上路", "裸土未覆盖，扬尘明显", "围挡破损、不连续"]),
    "uncivil_behaviour": (7, ["电动车闯红灯、逆行", "随地吐痰、乱扔烟头现象较多", "广场舞噪音扰民"]),
}
# which categories a point type sees, and the department that answers for some of them
TYPE_CATEGORIES = {
    "market": ["littering", "stall_out_of_place", "overflowing_bins", "poster_missing"],
    "back_lane": ["littering", "illegal_ad", "illegal_parking", "overflowing_bins"],
    "bus_stop": ["damaged_facility", "illegal_ad", "illegal_parking", "uncivil_behaviour"],
    "compound": ["littering", "illegal_ad", "overflowing_bins", "damaged_facility", "poster_missing"],
    "construction_site": ["site_dust", "poster_missing", "littering"],
    "public_toilet": ["dirty_toilet", "damaged_facility"],
    "main_road": ["illegal_parking", "stall_out_of_place", "uncivil_behaviour", "damaged_facility"],
    "square_park": ["littering", "uncivil_behaviour", "damaged_facility", "poster_missing"],
}
TYPE_NAMES = {"market": ("农贸市场", "market"), "back_lane": ("背街小巷", "back lane"),
              "bus_stop": ("公交站", "bus stop"), "compound": ("老旧小区", "compound"),
              "construction_site": ("在建工地", "construction site"), "public_toilet": ("公厕", "public toilet"),
              "main_road": ("路段", "road section"), "square_park": ("广场", "square")}
SOURCES = [("暗访", 0.3), ("巡查", 0.35), ("12345热线", 0.2), ("随手拍", 0.15)]

CITIES = {
    "420100": {
        "prefix": "WH", "per_day": 5.0,
        "districts": {
            "420102": ("江岸区", [("球场街", "Qiuchang St"), ("后湖", "Houhu"), ("二七路", "Erqi Rd")]),
            "420103": ("江汉区", [("万松", "Wansong"), ("唐家墩", "Tangjiadun"), ("北湖", "Beihu")]),
            "420104": ("硚口区", [("古田", "Gutian"), ("汉正街", "Hanzheng St"), ("宝丰", "Baofeng")]),
            "420105": ("汉阳区", [("钟家村", "Zhongjiacun"), ("四新", "Sixin"), ("龙阳", "Longyang")]),
            "420106": ("武昌区", [("积玉桥", "Jiyuqiao"), ("中南路", "Zhongnan Rd"), ("首义", "Shouyi")]),
            "420107": ("青山区", [("红卫路", "Hongwei Rd"), ("冶金", "Yejin"), ("钢花村", "Ganghuacun")]),
            "420111": ("洪山区", [("关山", "Guanshan"), ("珞南", "Luonan"), ("和平", "Heping")]),
            "420112": ("东西湖区", [("吴家山", "Wujiashan"), ("将军路", "Jiangjun Rd"), ("常青花园", "Changqing Garden")]),
        },
        # unit -> (days to put right: mean, share returned by the office, share left lying for weeks)
        "profiles": {"420102": (2.5, 0.08, 0.01), "420103": (1.5, 0.04, 0.0), "420104": (2.5, 0.10, 0.02),
                     "420105": (3.0, 0.10, 0.02), "420106": (1.8, 0.05, 0.0), "420107": (6.5, 0.20, 0.08),
                     "420111": (3.5, 0.12, 0.03), "420112": (8.0, 0.25, 0.10),
                     "wh_housing": (5.0, 0.15, 0.04), "wh_public_security": (4.0, 0.10, 0.05),
                     "wh_transport": (6.0, 0.10, 0.03), "wh_market": (2.0, 0.05, 0.01)},
        "departments": {"site_dust": "wh_housing", "illegal_parking": "wh_public_security",
                        "bus_stop": "wh_transport", "market": "wh_market"},
        "rebound": "420104",
    },
    "620100": {
        "prefix": "LZ", "per_day": 2.6,
        "districts": {
            "620102": ("城关区", [("东岗", "Donggang"), ("酒泉路", "Jiuquan Rd"), ("雁滩", "Yantan")]),
            "620103": ("七里河区", [("西湖", "Xihu"), ("敦煌路", "Dunhuang Rd"), ("建兰路", "Jianlan Rd")]),
            "620104": ("西固区", [("陈坪", "Chenping"), ("福利路", "Fuli Rd"), ("西柳沟", "Xiliugou")]),
            "620105": ("安宁区", [("培黎", "Peili"), ("十里店", "Shilidian"), ("银滩路", "Yintan Rd")]),
            "620111": ("红古区", [("海石湾", "Haishiwan"), ("窑街", "Yaojie")]),
        },
        "profiles": {"620102": (2.0, 0.06, 0.01), "620103": (3.0, 0.10, 0.02), "620104": (7.0, 0.22, 0.08),
                     "620105": (2.5, 0.08, 0.01), "620111": (4.0, 0.10, 0.03),
                     "lz_housing": (5.0, 0.15, 0.05), "lz_public_security": (3.5, 0.10, 0.03),
                     "lz_market": (2.5, 0.06, 0.02)},
        "departments": {"site_dust": "lz_housing", "illegal_parking": "lz_public_security", "market": "lz_market"},
        "rebound": "620103",
    },
}


def point_code(area_code: str, name: str) -> str:
    """Same rule as cocreate.problems.intake.point_code (the import derives codes from names)."""
    return f"PT-{area_code}-{hashlib.sha1(name.strip().encode('utf-8')).hexdigest()[:8]}"


def make_points(rng: random.Random, city: str, spec: dict) -> list[dict]:
    lat_lon = {}
    with open(DATA / "catalog" / "areas.csv", encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            lat_lon[r["code"]] = (float(r["lat"] or 0), float(r["lon"] or 0))
    points = []
    for area, (dname, streets) in spec["districts"].items():
        for zh, en in streets:
            for ptype, (tzh, ten) in TYPE_NAMES.items():
                name = f"{dname}{zh}{tzh}"
                lat, lon = lat_lon[area]
                points.append({"code": point_code(area, name), "name_zh": name, "name_en": f"{en} {ten}",
                               "point_type": ptype, "area_code": area,
                               "lat": round(lat + rng.uniform(-0.02, 0.02), 5),
                               "lon": round(lon + rng.uniform(-0.02, 0.02), 5)})
    return points


def unit_for(spec: dict, point: dict, category: str) -> str:
    deps = spec["departments"]
    return deps.get(category) or deps.get(point["point_type"]) or point["area_code"]


def timeline(rng: random.Random, profile: tuple, found: dt.date, deadline: dt.date) -> list[tuple]:
    """The events of one problem: (date, action, new status)."""
    mean, p_return, p_late = profile
    events = []
    late = rng.random() < p_late   # left lying for weeks: these reach 督办 and 约谈
    wait = rng.randint(12, 60) if late else max(0, round(rng.expovariate(1 / mean)))
    day = found + dt.timedelta(days=wait)
    if rng.random() < p_return:
        events.append((day, "rectify", "rectified"))
        day += dt.timedelta(days=rng.randint(1, 2))
        events.append((day, "return", "returned"))
        day += dt.timedelta(days=max(1, round(rng.expovariate(1 / mean))))
    events.append((day, "rectify", "rectified"))
    events.append((day + dt.timedelta(days=rng.randint(1, 4)), "verify", "verified"))
    return events


def generate():
    rng = random.Random(SEED)
    points_out, problems_out, history_out = [], [], []
    for city, spec in CITIES.items():
        points = make_points(rng, city, spec)
        points_out += points
        rebound_points = [p for p in points if p["area_code"] == spec["rebound"]
                          and p["point_type"] in ("back_lane", "compound")][:4]
        day, n = START, 0
        while day <= AS_OF - dt.timedelta(days=2):
            count = rng.choices(range(11), weights=[1, 2, 4, 6, 7, 7, 6, 4, 3, 2, 1])[0]
            count = round(count * spec["per_day"] / 5.0)
            finds = []
            for _ in range(count):
                p = rng.choice(points)
                finds.append((p, rng.choice(TYPE_CATEGORIES[p["point_type"]])))
            if day.weekday() in (1, 4):  # the rebound: the same problems come back at the same points
                p = rng.choice(rebound_points)
                finds.append((p, TYPE_CATEGORIES[p["point_type"]][0]))
            for p, cat in finds:
                n += 1
                pid = f"{spec['prefix']}{day:%y%m%d}-{n % 1000:03d}"
                days, texts = CATEGORIES[cat]
                deadline = day + dt.timedelta(days=days)
                unit = unit_for(spec, p, cat)
                source = rng.choices([s for s, _ in SOURCES], weights=[w for _, w in SOURCES])[0]
                events = [e for e in timeline(rng, spec["profiles"][unit], day, deadline) if e[0] <= AS_OF]
                status = events[-1][2] if events else "open"
                rect = [e[0] for e in events if e[1] == "rectify"]
                rect_date = rect[-1] if rect and status in ("rectified", "verified") else None
                ver_date = events[-1][0] if status == "verified" else None
                problems_out.append({
                    "problem_id": pid, "area_code": p["area_code"], "unit_code": unit, "point_code": p["code"],
                    "point_type": p["point_type"], "point_name": p["name_zh"], "category": cat,
                    "description": rng.choice(texts) + LABEL, "found_date": day, "deadline": deadline,
                    "status": status, "rectified_date": rect_date, "verified_date": ver_date, "source": source,
                    "photo": "", "illustrative": "true"})
                history_out.append({"problem_id": pid, "changed_at": f"{day} 09:00:00", "user_name": "巡查员（示例）",
                                    "action": "found", "old_status": "", "new_status": "open", "via": source,
                                    "note": ""})
                old = "open"
                for when, action, new in events:
                    who = "市创建办（示例）" if action in ("verify", "return") else f"{unit} 联络员（示例）"
                    history_out.append({"problem_id": pid, "changed_at": f"{when} {10 + len(history_out) % 8}:00:00",
                                        "user_name": who, "action": action, "old_status": old, "new_status": new,
                                        "via": "page", "note": "整改照片已上传" if action == "rectify" else ""})
                    old = new
            day += dt.timedelta(days=1)
    return points_out, problems_out, history_out


def write(path: Path, rows: list[dict], header: list[str] | None = None, rename: dict | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    cols = list(rows[0])
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header or cols)
        for r in rows:
            w.writerow(["" if r[c] is None else r[c] for c in cols])


IMPORT_COLUMNS = [("problem_id", "问题编号"), ("area_code", "地区代码"), ("unit_code", "责任单位代码"),
                  ("point_type", "点位类型"), ("point_name", "点位名称"), ("category", "问题类别"),
                  ("description", "问题描述"), ("found_date", "发现日期"), ("deadline", "整改时限"),
                  ("status", "状态"), ("rectified_date", "整改日期"), ("verified_date", "复核日期"),
                  ("source", "来源"), ("photo", "照片")]


def main() -> None:
    points, problems, history = generate()
    import make_points   # the ledger: WGS-84 places inside the districts, units, addresses (issue 21)
    points = make_points.ledger(points)
    make_points.write_imports(points)
    write(DEMO / "inspection_points.csv", points)
    write(DEMO / "problems.csv", problems)
    write(DEMO / "problem_history.csv", history)
    rows = [{c: p[c] for c, _ in IMPORT_COLUMNS} for p in problems]
    write(DEMO / "import" / "problems_demo.csv", rows, header=[zh for _, zh in IMPORT_COLUMNS])
    print(f"{len(points)} points, {len(problems)} problems, {len(history)} history rows (illustrative)")


if __name__ == "__main__":
    main()
