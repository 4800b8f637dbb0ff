"""Post the notice's summary to a WeCom (企业微信) or DingTalk (钉钉) group robot. Off by default:
only when the URL is set in COCREATE_NOTICE_WEBHOOK and the caller asks for it."""
from __future__ import annotations

import json
import os
import urllib.request
from urllib.parse import urlparse

from cocreate.errors import CocreateError

ENV_URL = "COCREATE_NOTICE_WEBHOOK"
ENV_KIND = "COCREATE_NOTICE_WEBHOOK_KIND"   # wecom | dingtalk; guessed from the host when unset


def payload(text: str, kind: str, title: str = "") -> dict:
    """The robot's markdown message body (the two robots name the fields differently)."""
    if kind == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": title or text.splitlines()[0][:40], "text": text}}
    return {"msgtype": "markdown", "markdown": {"content": text}}


def robot_kind(url: str) -> str:
    kind = os.environ.get(ENV_KIND, "").strip().lower()
    if kind in ("wecom", "dingtalk"):
        return kind
    return "dingtalk" if "dingtalk" in (urlparse(url).hostname or "") else "wecom"


def post_summary(text: str, url: str | None = None, timeout: float = 10.0) -> int:
    """POST the text; returns the HTTP status. Only http(s) URLs; errors become CocreateError."""
    url = url or os.environ.get(ENV_URL, "").strip()
    if not url:
        raise CocreateError("prob_webhook_missing", "")
    if urlparse(url).scheme not in ("http", "https"):
        raise CocreateError("prob_webhook_failed", url, reason="not an http(s) URL")
    body = json.dumps(payload(text, robot_kind(url)), ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (scheme checked above)
            return resp.status
    except OSError as exc:
        raise CocreateError("prob_webhook_failed", str(exc), reason=str(exc)[:160]) from exc
