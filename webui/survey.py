"""The survey behind a figure, for the title page (issue 18): a figure that IS the questionnaire's
result names its round, date and n; a figure from another survey names that survey, its date and n."""
from __future__ import annotations

import pandas as pd

from cocreate.assessment.survey_figures import survey_figures
from cocreate.present import survey_text
from webui import common


def caption(c, indicator: str, period) -> str | None:
    """The sentence under the area's figure of `indicator` for `period`, or None (no survey behind it)."""
    if period is None or pd.isna(period):
        return None
    p = pd.Timestamp(period)
    figs = survey_figures(common.run("questionnaire_indicator_rounds", area=c.area))
    f = figs[(figs["indicator_code"] == indicator) & (figs["area_code"] == c.area) & (figs["period"] == p)]
    if len(f):
        fig = f.iloc[0].to_dict()
        results = common.run("questionnaire_results", area=c.area)
        return survey_text.tied_caption(fig, survey_text.measure_label(results, fig["round"], indicator, c.lang), c.lang)
    others = common.run("indicator_surveys", area=c.area)
    o = others[(others["indicator_code"] == indicator) & (others["area_code"] == c.area)
               & (pd.to_datetime(others["period"]) == p)]
    return survey_text.other_caption(o.iloc[0].to_dict(), c.lang) if len(o) else None
