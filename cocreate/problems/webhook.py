"""Post a markdown text to a WeCom (企业微信) or DingTalk (钉钉) group robot. Off by default:
only when the caller asks for it (`notice --post` / `--send`), to the office's URL in
COCREATE_NOTICE_WEBHOOK or to a unit's URL from the `unit_robots` table.

Only http(s) URLs are posted to. A robot URL holds the robot's key (a secret): no message here
repeats the URL. Both robots answer HTTP 200 with `{"errcode": 0, ...}`; a non-zero errcode
(a wrong key, a rate limit, a message too long) is a failure like an HTTP error."""
from __future__ import annotations

import json
import os
import urllib.error
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


def office_url() -> str:
    """The office's robot URL (COCREATE_NOTICE_WEBHOOK), '' when not set."""
    return os.environ.get(ENV_URL, "").strip()


def check_url(url: str) -> None:
    """Refuse anything but an http(s) URL with a host (file:, ftp:, a bare path...)."""
    parsed = urlparse(url or "")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise CocreateError("prob_webhook_failed", "", reason="not an http(s) URL")


def _robot_error(body: bytes) -> str:
    """The robot's own refusal in a 200 answer ('errcode 93000: invalid webhook url'), '' if none."""
    try:
        answer = json.loads(body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError):
        return ""
    if isinstance(answer, dict) and answer.get("errcode") not in (None, 0, "0"):
        return f"errcode {answer.get('errcode')}: {str(answer.get('errmsg', ''))[:120]}"
    return ""


def post_summary(text: str, url: str | None = None, timeout: float = 10.0) -> int:
    """POST the text; returns the HTTP status. Only http(s) URLs; errors become CocreateError
    (`prob_webhook_missing` when no URL is given or set, `prob_webhook_failed` otherwise)."""
    url = (url or office_url()).strip()
    if not url:
        raise CocreateError("prob_webhook_missing", "")
    check_url(url)
    body = json.dumps(payload(text, robot_kind(url)), ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (scheme checked above)
            status, answer = resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        raise CocreateError("prob_webhook_failed", f"HTTP {exc.code}", reason=f"HTTP {exc.code}") from exc
    except (OSError, ValueError) as exc:
        reason = str(getattr(exc, "reason", None) or exc)[:160]
        raise CocreateError("prob_webhook_failed", reason, reason=reason) from exc
    refused = _robot_error(answer)
    if refused:
        raise CocreateError("prob_webhook_failed", refused, reason=refused)
    return status
