"""Metrics: pull from platform APIs, import platform exports, keep the history in git,
compute KPIs against strategy.yaml's targets. Definitions: smm/metrics/DEFINITIONS.md."""
