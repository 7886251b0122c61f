"""The rule list and one rule's explanation, as text and json."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence

from coachplan.rules import Rule


def _severity(rule: Rule) -> str:
    text = rule.severity.value
    if rule.relaxed_in_draft and text == "error":
        text += " (warning in drafts)"
    return text


def render_rules_text(rules: Sequence[Rule]) -> str:
    lines: list[str] = []
    family = ""
    for rule in rules:
        if rule.family != family:
            family = rule.family
            if lines:
                lines.append("")
            lines.append(f"{family.upper() if family == 'SMART' else family.capitalize()} rules")
        tag = f"{rule.smart}: " if rule.smart else ""
        lines.append(f"  {rule.code}  {rule.name:<36} {rule.severity.value:<8} {tag}{rule.summary}")
    lines.append("")
    lines.append("`coachplan rules CODE` explains a rule, with a failing and a passing example.")
    return "\n".join(lines) + "\n"


def _indent(text: str) -> str:
    return textwrap.indent(text.rstrip("\n"), "    ") + "\n"


def render_rule(rule: Rule) -> str:
    head = f"{rule.code} {rule.name}"
    lines = [head, "=" * len(head), ""]
    lines.append(f"Family:   {rule.family}" + (f" ({rule.smart})" if rule.smart else ""))
    lines.append(f"Severity: {_severity(rule)}")
    lines.append("")
    lines.extend(textwrap.wrap(rule.explanation, 88))
    lines.append("")
    lines.append("Fails:")
    lines.append(_indent(rule.bad))
    lines.append("Passes:")
    lines.append(_indent(rule.good))
    lines.append(
        f"Silence it with `--ignore {rule.code}`, or in coachplan.toml: "
        f'[rules] ignore = ["{rule.code}"].'
    )
    return "\n".join(lines) + "\n"


def render_rules_json(rules: Sequence[Rule]) -> str:
    return (
        json.dumps(
            [
                {
                    "code": r.code,
                    "name": r.name,
                    "family": r.family,
                    "smart": r.smart or None,
                    "severity": r.severity.value,
                    "relaxed_in_draft": r.relaxed_in_draft,
                    "summary": r.summary,
                    "explanation": r.explanation,
                    "example_fails": r.bad,
                    "example_passes": r.good,
                }
                for r in rules
            ],
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
