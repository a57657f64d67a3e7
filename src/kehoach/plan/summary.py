"""Counts that describe a plan at a glance."""

from __future__ import annotations

from .shapes import Plan


def plan_summary(plan: Plan) -> dict:
    return {
        "title": plan.meta.title,
        "year": plan.meta.year,
        "areas": len(plan.areas),
        "indicators": len(plan.indicators()),
        "tasks": len(plan.tasks()),
        "units": len(plan.units),
        "registries": len(plan.registries),
        "members": sum(len(r.members) for r in plan.registries.values()),
        "activity_kinds": len(plan.activity_kinds),
        "sample_registries": [rid for rid, r in plan.registries.items() if r.sample],
    }
