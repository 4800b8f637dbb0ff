"""Deterministic generator of the Civilized City assessment demo (issue #12). ILLUSTRATIVE data:
every row says so in its `source` column (示例数据 / illustrative demo); none of it is a real result.

Writes data/catalog/evaluation_criteria.csv and data/demo/{assessment_scores, field_results,
questionnaire_results, material_documents, indicator_surveys}.csv (each named after its table, so build-db loads it):

    .venv/bin/python data/demo/make_assessment.py

Lanzhou 620100: an actual 2024 result, a 2025 mock assessment (78 points by point type and district,
score rate near the 70.1 % one city reported for its mock), 2026 left to the projection; three
questionnaire rounds for the four rates by group with sample sizes; a dozen material-review criteria
with documents so that some are missing, partial, ready or checked. Wuhan 420100: lighter (a 2024
actual result, one questionnaire round, four criteria).
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent
CATALOG, DEMO = DATA / "catalog", DATA / "demo"
SOURCE = "示例数据 / illustrative demo"
SEED = 20261201

LZ_DISTRICTS = ["620102", "620103", "620104", "620105", "620111", "620121", "620122", "620123"]
# point type -> (points in the mock, items checked per point, share of items passed): markets and
# back lanes are where mock assessments usually lose most, schools and hospitals least.
POINTS = {
    "market": (10, 14, 0.58), "back_lane": (12, 10, 0.60), "bus_stop": (10, 8, 0.74),
    "compound": (12, 12, 0.68), "construction_site": (8, 10, 0.66), "public_toilet": (8, 8, 0.72),
    "hospital": (6, 12, 0.82), "school": (6, 10, 0.86), "station": (3, 14, 0.70), "square_park": (3, 10, 0.78),
}
POINT_NAMES = {
    "market": "农贸市场", "back_lane": "背街小巷", "bus_stop": "公交站", "compound": "小区",
    "construction_site": "建筑工地", "public_toilet": "公厕", "hospital": "医院", "school": "学校",
    "station": "客运站", "square_park": "广场",
}
QUESTIONS = {  # code -> base rate % in the first round
    "aware_campaign": 88, "aware_values": 84, "aware_hotline": 72, "part_volunteer": 61, "part_garbage": 66,
    "sat_environment": 74, "sat_traffic": 69, "sat_services": 79, "support_campaign": 93, "support_rules": 86,
}
GROUPS = {"residents": (400, 0), "students": (200, 4), "migrant_workers": (150, -9), "business_owners": (120, -5),
          "civil_servants": (100, 7)}   # sample size, rate offset in points
ROUNDS = [("2025-R1", "2025-05-20", 0.0), ("2025-R2", "2025-10-15", 2.5), ("2026-R1", "2026-06-10", 4.0)]

# (code, name_zh, name_en, component, department suffix, documents due, documents_zh, documents_en)
CRITERIA = [
    ("C01", "社会主义核心价值观宣传普及", "Promotion of the core socialist values", "material", "civilization", 4,
     "年度宣传方案、公益广告点位台账、活动记录、现场照片", "Annual plan, public-service ad ledger, activity records, photos"),
    ("C02", "志愿服务制度化常态化", "Regular, organised volunteer service", "material", "civil_affairs", 3,
     "注册志愿者统计、服务时长记录、站点台账", "Registered volunteers, service-hour records, station ledger"),
    ("C03", "未成年人思想道德建设", "Moral education of minors", "material", "education", 4,
     "工作方案、测评自查报告、校外活动场所台账、活动照片", "Plan, self-check report, venue ledger, activity photos"),
    ("C04", "道德模范和身边好人评选", "Moral models and good samaritans", "material", "civilization", 2,
     "评选通知、表彰名单", "Selection notice, list of those honoured"),
    ("C05", "公共文化服务体系", "Public cultural services", "material", "culture", 3,
     "场馆免费开放记录、惠民活动台账、年度报告", "Free-opening records, events ledger, annual report"),
    ("C06", "市容环境卫生长效管理", "Lasting management of city cleanliness", "material", "city_mgmt", 4,
     "长效管理制度、考核通报、问题整改台账、前后对比照片", "Rules, assessment notices, rectification ledger, before/after photos"),
    ("C07", "文明交通秩序", "Civilised traffic order", "field", "public_security", 3,
     "路口劝导排班表、违法查处统计、劝导照片", "Intersection warden rota, enforcement statistics, photos"),
    ("C08", "农贸市场规范管理", "Orderly farmers' markets", "field", "market", 3,
     "市场巡查记录、整改通知、市场现场照片", "Patrol records, rectification notices, market photos"),
    ("C09", "爱国卫生运动", "Patriotic health campaign", "material", "patriotic_health", 3,
     "病媒生物防制记录、健康教育活动台账、月度通报", "Vector control records, health-education ledger, monthly notices"),
    ("C10", "生态环境保护", "Protection of the environment", "material", "ecology", 3,
     "空气质量月报、环境执法台账、信访办理记录", "Air-quality monthly reports, enforcement ledger, complaint records"),
    ("C11", "建筑工地扬尘治理", "Dust control on construction sites", "field", "housing", 2,
     "工地扬尘巡查台账、在线监测数据", "Site dust patrol ledger, online monitoring data"),
    ("C12", "社会诚信体系建设", "Social credit system", "material", "ndrc", 2,
     "信用信息归集报告、守信联合激励案例", "Credit information report, joint-reward cases"),
]
WH_CRITERIA = ["C01", "C02", "C06", "C08"]
# The other surveys (not the Civilized City questionnaire) behind the satisfaction figures of the demo's
# other titles: (indicator, city, figure's period, survey zh, survey en, survey date, sample size).
# The questionnaire's own satisfaction questions are tied to citizen_satisfaction_pct instead
# (questionnaire_questions.csv indicator_code): build-db writes that figure from the answers.
OTHER_SURVEYS = [
    ("sanitary_satisfaction_pct", "620100", "2026-01-01", "国家卫生城市群众满意度入户调查",
     "Sanitary City household satisfaction survey", "2026-03-18", 1200),
    ("greening_satisfaction_pct", "620100", "2026-01-01", "园林绿化公众满意度调查", "Public survey on urban greening",
     "2026-05-12", 800),
    ("env_public_satisfaction_pct", "620100", "2025-01-01", "环境保护公众满意度调查（首次）",
     "Public survey on environmental protection (first)", "2025-11-20", 1000),
    ("sanitary_satisfaction_pct", "420100", "2026-01-01", "国家卫生城市群众满意度入户调查",
     "Sanitary City household satisfaction survey", "2026-04-10", 1500),
    ("greening_satisfaction_pct", "420100", "2026-01-01", "园林绿化公众满意度调查", "Public survey on urban greening",
     "2026-05-20", 1000),
    ("env_public_satisfaction_pct", "420100", "2026-01-01", "环境保护公众满意度调查",
     "Public survey on environmental protection", "2026-06-15", 1200),
]

# Lanzhou documents per criterion: (file name, doc date, width, height, flags, checked_on).
# Dates inside the 2026 window unless meant to fall outside it; photos under 800 px are "blurry risk".
DOCS = {
    "C01": [("2026年核心价值观宣传方案.pdf", "2026-02-10", None, None, "", "2026-03-01"),
            ("公益广告点位台账.xlsx", "2026-04-30", None, None, "", "2026-05-12"),
            ("宣传活动记录（上半年）.docx", "2026-06-28", None, None, "", None),
            ("街区公益广告照片.jpg", "2026-07-15", 4032, 3024, "", None)],
    "C02": [("注册志愿者统计.xlsx", "2026-03-31", None, None, "", "2026-04-10"),
            ("志愿服务时长记录.xlsx", "2026-06-30", None, None, "", "2026-07-08"),
            ("志愿服务站点台账.pdf", "2026-09-01", None, None, "", "2026-09-20")],
    "C03": [("未成年人思想道德建设工作方案.pdf", "2026-03-05", None, None, "", "2026-03-20"),
            ("校外活动场所台账.xlsx", "2026-08-12", None, None, "", None)],
    "C04": [("道德模范评选通知.pdf", "2026-04-01", None, None, "", "2026-04-15"),
            ("身边好人表彰名单.pdf", "2026-09-28", None, None, "", "2026-10-09")],
    "C05": [("文化场馆免费开放记录.xlsx", "2026-05-31", None, None, "", None),
            ("文化惠民活动台账.xlsx", "2026-08-31", None, None, "", None),
            ("公共文化服务年度报告.docx", "2026-10-20", None, None, "", "2026-11-02")],
    "C06": [("市容环境卫生长效管理办法.pdf", "2026-01-15", None, None, "", "2026-02-01"),
            ("市容考核通报（9月）.pdf", "2026-09-30", None, None, "", None),
            ("问题整改台账.xlsx", "2026-10-31", None, None, "", None),
            ("整改前后对比照片.jpg", "2026-10-18", 3000, 2250, "", None)],
    "C07": [("路口文明劝导排班表.xlsx", "2026-05-06", None, None, "", None),
            ("文明劝导照片.jpg", "2026-06-18", 640, 480, "blurry_risk", None)],
    "C08": [("市场巡查记录.xlsx", "2026-04-22", None, None, "", None),
            ("市场整改通知.pdf", "2026-07-03", None, None, "", None),
            ("市场现场照片（带水印）.jpg", "2026-08-09", 720, 540, "blurry_risk", None)],
    "C09": [("病媒生物防制记录.pdf", "2026-04-18", None, None, "", None),
            ("健康教育活动台账.xlsx", "2026-07-25", None, None, "", None),
            ("爱卫月度通报（10月）.pdf", "2026-10-31", None, None, "", None)],
    "C10": [("空气质量月报（汇编）.pdf", "2026-06-30", None, None, "", "2026-07-10"),
            ("环境执法台账.xlsx", "2026-08-31", None, None, "", "2026-09-09"),
            ("环境信访办理记录.xlsx", "2026-10-15", None, None, "", "2026-10-26")],
    "C11": [("工地扬尘巡查台账（2025）.xlsx", "2025-08-20", None, None, "outside_window", None)],
    "C12": [],
}
EXT_TYPE = {"pdf": "pdf", "xlsx": "xlsx", "docx": "docx", "jpg": "jpeg"}


def write(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def field_rows(rng: random.Random) -> tuple[list[list], float]:
    rows, checked_all, passed_all, n = [], 0, 0, 0
    for ptype, (count, items, share) in POINTS.items():
        for k in range(count):
            district = LZ_DISTRICTS[(n * 3 + k) % len(LZ_DISTRICTS)]
            # outlying counties score a little lower than the central districts
            local = share + 0.03 - (0.06 if district in ("620121", "620122", "620123") else 0.0)
            passed = sum(rng.random() < local for _ in range(items))
            rows.append(["620100", 2025, "mock", district, ptype, f"{POINT_NAMES[ptype]}{k + 1:02d}号点位", items,
                         passed, f"2025-09-{10 + k % 15:02d}", SOURCE])
            checked_all, passed_all, n = checked_all + items, passed_all + passed, n + 1
    return rows, 100.0 * passed_all / checked_all


def questionnaire_rows(rng: random.Random) -> list[list]:
    rows = []
    for rnd, date, lift in ROUNDS:
        for q, base in QUESTIONS.items():
            for g, (n, offset) in GROUPS.items():
                rate = min(98.0, base + offset + lift + rng.uniform(-3, 3))
                rows.append(["620100", rnd, date, q, g, n, round(n * rate / 100), SOURCE])
    for q, base in QUESTIONS.items():
        for g, (n, offset) in GROUPS.items():
            rows.append(["420100", "2025-R1", "2025-06-15", q, g, n // 2,
                         round(n // 2 * min(98.0, base + offset + 3 + rng.uniform(-3, 3)) / 100), SOURCE])
    return rows


def main() -> None:
    rng = random.Random(SEED)
    field, field_rate = field_rows(rng)
    write(DEMO / "field_results.csv", ["area_code", "year", "kind", "district_code", "point_type", "point_name",
                                       "items_checked", "items_passed", "inspected_on", "source"], field)
    scores = [
        ["620100", 2024, "actual", "material", 82.6, "2024-12-12", SOURCE, "年度测评反馈"],
        ["620100", 2024, "actual", "field", 68.4, "2024-12-12", SOURCE, "年度测评反馈"],
        ["620100", 2024, "actual", "questionnaire", 79.3, "2024-12-12", SOURCE, "年度测评反馈"],
        ["620100", 2025, "mock", "material", 85.1, "2025-09-26", SOURCE, "第三方模拟测评"],
        ["620100", 2025, "mock", "field", round(field_rate, 1), "2025-09-26", SOURCE,
         "第三方模拟测评：78个点位的得分率"],
        ["620100", 2025, "mock", "questionnaire", 82.7, "2025-10-15", SOURCE, "第三方模拟测评"],
        ["420100", 2024, "actual", "material", 88.2, "2024-12-10", SOURCE, "年度测评反馈"],
        ["420100", 2024, "actual", "field", 81.5, "2024-12-10", SOURCE, "年度测评反馈"],
        ["420100", 2024, "actual", "questionnaire", 84.0, "2024-12-10", SOURCE, "年度测评反馈"],
    ]
    write(DEMO / "assessment_scores.csv", ["area_code", "year", "kind", "component", "score", "assessed_on",
                                           "source", "note"], scores)
    write(DEMO / "questionnaire_results.csv", ["area_code", "round", "survey_date", "question_code", "group_code",
                                               "sample_size", "n_positive", "source"], questionnaire_rows(rng))
    criteria = [[c[0], "620100", c[1], c[2], c[3], f"lz_{c[4]}", c[5], 12, c[6], c[7]] for c in CRITERIA]
    criteria += [[c[0], "420100", c[1], c[2], c[3], f"wh_{c[4]}", c[5], 12, c[6], c[7]]
                 for c in CRITERIA if c[0] in WH_CRITERIA]
    write(CATALOG / "evaluation_criteria.csv", ["code", "area_code", "name_zh", "name_en", "component",
                                                "department_code", "documents_due", "evidence_months",
                                                "documents_zh", "documents_en"], criteria)
    docs, n = [], 0
    for crit, files in DOCS.items():
        for name, date, w, h, flags, checked in files:
            n += 1
            ext = name.rsplit(".", 1)[-1]
            size = (w * h // 3) if w else 40_000 + 7_919 * n
            docs.append([f"DEMO{n:03d}", "620100", crit, name, EXT_TYPE[ext], size, w or "", h or "", date,
                         f"{date} 10:00:00", "demo", flags, checked or "", "", SOURCE])
    docs.append(["DEMO900", "420100", "C01", "2026年宣传方案.pdf", "pdf", 52_000, "", "", "2026-03-02",
                 "2026-03-02 10:00:00", "demo", "", "", "", SOURCE])
    write(DEMO / "material_documents.csv", ["doc_id", "area_code", "criterion_code", "file_name", "file_type",
                                            "size_bytes", "width_px", "height_px", "doc_date", "uploaded_at",
                                            "uploaded_by", "flags", "checked_on", "sha256", "source"], docs)
    write(DEMO / "indicator_surveys.csv", ["indicator_code", "area_code", "period", "survey_zh", "survey_en",
                                           "survey_date", "sample_size", "source"],
          [[*row, "illustrative"] for row in OTHER_SURVEYS])
    print(f"field score rate of the 2025 mock: {field_rate:.1f}% over {len(field)} points")


if __name__ == "__main__":
    main()
