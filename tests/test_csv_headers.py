"""Page CSV downloads in the Chinese interface have Chinese headers (issue 22); the cells keep their
codes, the English file keeps the column codes."""
import pandas as pd

from cocreate.present.tables import csv_headers
from cocreate.problems import report
from webui.common import csv_bytes


def _problems_row():
    # one unit's report row as `problems report` computes it: 4 found, 5 due, 4 rectified, 3 on time,
    # 1 overdue; rate 4/5 = 80.0 %, on time 3/5 = 60.0 %, repeat 1/4 = 25.0 %
    return pd.DataFrame([{"unit_code": "620102", "found": 4, "due": 5, "rectified": 4, "rectified_on_time": 3,
                          "overdue_open": 1, "oldest_overdue_days": 12, "rate_pct": 80.0, "on_time_pct": 60.0,
                          "repeat_pct": 25.0, "rank": 1, "list": "red"}])[report.REPORT_COLUMNS]


def test_problems_report_csv_has_chinese_headers_in_zh():
    text = csv_bytes(csv_headers(_problems_row(), "zh")).decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header == ("责任单位代码,发现问题数,应整改数,已整改数,按期整改数,逾期未改数,最长逾期天数,"
                      "整改率(%),按期整改率(%),反复率(%),排名,红黑榜")
    assert row == "620102,4,5,4,3,1,12,80.0,60.0,25.0,1,red"  # codes stay codes


def test_english_csv_keeps_column_codes():
    text = csv_bytes(csv_headers(_problems_row(), "en")).decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(report.REPORT_COLUMNS)


def test_progress_csv_headers_and_unknown_columns():
    df = pd.DataFrame([{"title_code": "civilized", "indicator_code": "C01", "status": "off_track",
                        "latest_value": 61.5, "already_chinese": "x"}])
    text = csv_bytes(csv_headers(df, "zh")).decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    # a column without a csvh_ entry keeps its name
    assert header == "称号代码,指标代码,状态,最新值,already_chinese"
    assert row == "civilized,C01,off_track,61.5,x"


def test_published_statistics_csv_has_chinese_headers_in_zh():
    # the published-statistics panel's download (webui/published.py): the query's columns but `level`
    cols = ["series_code", "indicator_code", "series_name_zh", "series_name_en", "area_code", "area_name_zh",
            "area_name_en", "year", "value", "qualifier", "unit_zh", "unit_en", "statistical_base_zh",
            "statistical_base_en", "source", "source_zh", "confidence", "note", "note_zh"]
    row = ["census_population", "population", "常住人口（七普）", "Resident population", "620102", "城关区",
           "Chengguan District", 2020, 1484016, "", "人", "persons", "七普", "census", "census", "七普", "published",
           "", ""]
    text = csv_bytes(csv_headers(pd.DataFrame([row], columns=cols), "zh")).decode("utf-8-sig")
    header, line = text.splitlines()[:2]
    assert header == ("统计序列代码,指标代码,统计序列,统计序列(英文),地区代码,地区名称,地区名称(英文),年份,数值,"
                      "数值限定符,单位,单位(英文),统计口径,统计口径(英文),来源,来源(中文),可信度,说明,说明(中文)")
    assert line.split(",")[16] == "published"          # codes in the cells stay codes
    english = csv_bytes(csv_headers(pd.DataFrame([row], columns=cols), "en")).decode("utf-8-sig")
    assert english.splitlines()[0] == ",".join(cols)
