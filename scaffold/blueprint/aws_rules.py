"""Validate stage: grammars of AWS expressions the blueprint writes (route paths, cron
fields, S3 bucket names), as pure functions that say whether and why AWS refuses a value."""

from __future__ import annotations

import re

from scaffold.blueprint import physical

_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


_PARAM = re.compile(r"\{(?P<name>[A-Za-z0-9._-]+)(?P<greedy>\+?)\}")


def route_path_problem(path: str) -> str | None:
    """API Gateway HTTP API path rules the route-key shape does not show (None: valid)."""
    segments = path.split("/")[1:]
    if path != "/" and "" in segments[:-1]:
        return "a path has no empty segment ('//')"
    seen: set[str] = set()
    for i, segment in enumerate(segments):
        param = _PARAM.fullmatch(segment)
        if param is None:
            if any(c in segment for c in "{}+"):
                return (f"segment '{segment}' mixes text and a parameter, or has a stray "
                        "'{', '}' or '+'")
            continue
        if param["greedy"] and i != len(segments) - 1:
            return f"greedy parameter '{segment}' must be the last segment"
        if param["name"] in seen:
            return f"parameter '{param['name']}' appears twice"
        seen.add(param["name"])
    return None


_MONTHS = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC"
_DAYS = "SUN|MON|TUE|WED|THU|FRI|SAT"
# EventBridge cron fields: (name, lowest, highest, extra single tokens, names allowed).
_CRON_FIELDS = (("minutes", 0, 59, "", ""), ("hours", 0, 23, "", ""),
                ("day-of-month", 1, 31, r"\?|L|LW|\d{1,2}W", ""), ("month", 1, 12, "", _MONTHS),
                ("day-of-week", 1, 7, r"\?|L|[1-7]L|[1-7]#[1-5]", _DAYS),
                ("year", 1970, 2199, "", ""))
"""EventBridge cron fields: name, lowest and highest value, single special forms, names."""


def cron_problem(fields: list[str]) -> str | None:
    """Why six EventBridge cron fields are refused (None: valid).

    https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
    """
    for value, (name, low, high, special, words) in zip(fields, _CRON_FIELDS, strict=True):
        atom = r"\d+" + (f"|{words}" if words else "")
        item = rf"(\*|({atom})(-({atom}))?)(/\d+)?"
        if special and re.fullmatch(special, value):
            numbers = [int(n) for n in re.findall(r"^\d+", value)]
        elif re.fullmatch(rf"{item}(,{item})*", value):
            numbers = [int(n) for n in re.findall(r"(?<![/\d])\d+", value)]
        else:
            return f"{name} '{value}' is not a valid field"
        if any(not low <= n <= high for n in numbers):
            return f"{name} '{value}' is outside {low}-{high}"
    if (fields[2] == "?") == (fields[4] == "?"):
        return "exactly one of day-of-month and day-of-week must be '?'"
    return None


_BUCKET_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")


def bucket_ok(name: str) -> bool:
    """S3 general purpose bucket naming rules (the reserved prefixes and suffixes too).

    https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
    """
    return bool(_BUCKET.fullmatch(name)) and ".." not in name and not re.fullmatch(
        r"\d+\.\d+\.\d+\.\d+", name) and not name.startswith(
        physical.S3_RESERVED_PREFIXES) and not name.endswith(_BUCKET_SUFFIXES)
