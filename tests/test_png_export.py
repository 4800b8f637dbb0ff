"""Server-side PNG export (kaleido + Debian chromium) at presentation resolution, Chinese title."""
import struct
from pathlib import Path

import plotly.graph_objects as go
import pytest

from cocreate.present.charts import png_filename, to_png


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian chromium is not installed")
def test_png_is_presentation_sized():
    fig = go.Figure(go.Bar(x=["兰州", "武汉"], y=[31.44, 42.07]))
    fig.update_layout(title="建成区绿化覆盖率", template="cocreate", height=450)
    png = to_png(fig, scale=3)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1600 * 3, 450 * 3)


def test_png_filename_from_title():
    assert png_filename("建成区绿化覆盖率：趋势 · 兰州市") == "建成区绿化覆盖率_趋势_兰州市.png"
    assert png_filename("///") == "chart.png"
