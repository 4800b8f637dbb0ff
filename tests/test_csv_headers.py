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
