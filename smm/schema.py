"""JSON Schemas for post front-matter and strategy.yaml, so editors complete and check.

Generated from the same tables the loader uses (content.FIELDS, project.STRATEGY_KEYS,
the platform registry) and from the brand's own ids, so they never drift apart.
"""

from __future__ import annotations

from typing import Any

from smm import platforms
from smm.content import FIELDS
from smm.project import Project

_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _enum_or_str(values: list[str]) -> dict[str, Any]:
    return {"type": "string", "enum": values} if values else {"type": "string"}


def post_schema(project: Project) -> dict[str, Any]:
    channels = list(project.channels)
    props: dict[str, Any] = {
        "publish_at": {"anyOf": [{"type": "string", "format": "date-time"},
                                 {"const": "on-merge"}],
                       "description": FIELDS["publish_at"]},
        "channels": {"type": "array", "items": _enum_or_str(channels), "minItems": 1,
                     "uniqueItems": True},
        "campaign": {"type": "string"},
        "goal": _enum_or_str(project.ids("goals")),
        "audience": _enum_or_str(project.ids("audiences")),
        "lang": _enum_or_str(project.languages),
        "draft": {"type": "boolean"},
        "sponsored": {"type": "boolean"},
        "title": {"type": "string"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "link": {"type": "string", "format": "uri"},
        "content_warning": {"type": "string"},
        "previous_ids": {"type": "array", "items": {"type": "string"}},
        "first_comment": {"anyOf": [{"type": "string"}, {
            "type": "object", "propertyNames": _enum_or_str(channels),
            "additionalProperties": {"type": "string"}}]},
        "media": {"type": "array", "items": {
            "type": "object", "required": ["file"], "additionalProperties": False,
            "properties": {"file": {"type": "string"}, "alt": {"type": "string"},
                           "title": {"type": "string"},
                           "focus": {"type": "array", "minItems": 2, "maxItems": 2,
                                     "items": {"type": "number", "minimum": 0, "maximum": 1},
                                     "description": "the point a crop keeps in view: "
                                     "across, then down, from the top left (0 to 1)"},
                           "channels": {"type": "array", "items": _enum_or_str(channels)}}}},
    }
    for key, p in props.items():
        p.setdefault("description", FIELDS[key])
    return {"$schema": _DRAFT, "title": f"{project.name} post front-matter", "type": "object",
            "properties": props, "required": ["channels", "publish_at"],
            "additionalProperties": False}


def strategy_schema() -> dict[str, Any]:
    kpi = {"type": "object", "required": ["metric", "target"], "properties": {
        "metric": {"type": "string"}, "target": {"type": "number"},
        "per": {"enum": ["week", "month", "quarter"]},
        "channel": {"type": "string"}, "channels": {"type": "array", "items": {"type": "string"}}}}
    channel = {"type": "object", "required": ["platform"], "properties": {
        "platform": {"enum": platforms.names()},
        "limits": {"type": "object"},
        "api": {"type": "string", "format": "uri"},
        "service": {"type": "string", "format": "uri"},
        "instance": {"type": "string", "format": "uri"}}}
    slot = {"type": "object", "required": ["times"], "additionalProperties": False,
            "properties": {"days": {"anyOf": [{"type": "string"},
                                              {"type": "array", "items": {"type": "string"}}]},
                           "times": {"type": "array", "items": {"type": "string"}}}}
    item = {"type": "object", "required": ["id"], "properties": {
        "id": {"type": "string"}, "description": {"type": "string"},
        "kpis": {"type": "array", "items": kpi},
        "channels": {"type": "array", "items": {"type": "string"}}}}
    campaign = {"type": "object", "required": ["id"], "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "description": "what posts name in campaign:"},
                    "name": {"type": "string"},
                    "brief": {"type": "string", "description": "what the campaign is for"},
                    "goal": {"type": "string"}, "audience": {"type": "string"},
                    "start": {"type": "string", "format": "date"},
                    "end": {"type": "string", "format": "date"},
                    "channels": {"type": "array", "items": {"type": "string"}},
                    "targets": {"type": "array", "items": {
                        "type": "object", "required": ["metric", "target"],
                        "properties": {"metric": {"type": "string"},
                                       "target": {"type": "number"}}}}}}
    return {"$schema": _DRAFT, "title": "smm strategy.yaml", "type": "object",
            "required": ["timezone", "channels"], "additionalProperties": False,
            "properties": {
                "brand": {"type": "string"},
                "timezone": {"type": "string", "description": "IANA name, e.g. Europe/Paris"},
                "lang": {"type": "string"},
                "languages": {"type": "array", "items": {"type": "string"}},
                "goals": {"type": "array", "items": item},
                "audiences": {"type": "array", "items": item},
                "channels": {"type": "object", "additionalProperties": channel},
                "cadence": {"type": "object", "additionalProperties": {
                    "type": "object", "properties": {
                        "max_per_day": {"type": "integer", "minimum": 1},
                        "min_gap": {"type": "string", "pattern": r"^(\d+(\.\d+)?[dhms])+$"},
                        "severity": {"enum": ["warning", "error"]}}}},
                "publishing": {"type": "object"},
                "metrics": {"type": "object"},
                "kpis": {"type": "array", "items": kpi},
                "site": {"type": "object", "properties": {
                    "url": {"type": "string", "format": "uri",
                            "description": "where the stakeholder site is published"},
                    "calendar_events": {"enum": ["per-post", "per-channel"]}}},
                "campaigns": {"type": "array", "items": campaign},
                "queue": {"type": "object", "description": "posting slots per channel",
                          "additionalProperties": {"anyOf": [slot, {
                              "type": "array", "items": slot}]}},
                "utm": {"type": "object", "description": "UTM tags on links (smm.utm)"},
                "frozen_now": {"type": "string", "format": "date-time",
                               "description": "a demo's fixed moment: every command acts "
                                              "as if it were then (--now and SMM_NOW win)"},
            }}
