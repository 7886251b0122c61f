"""Shell completion of plan ids and rule codes (typer autocompletion callbacks).

Completion runs on every TAB press: it must be quick and must never fail, so a missing or
broken workspace completes nothing and the shell falls back to file names.
"""

from __future__ import annotations

import typer


def plan_ids(incomplete: str) -> list[tuple[str, str]]:
    """The ids of the workspace's plans that start with what was typed, with their titles."""
    try:
        from coachplan.files.store import parse_toml, read_source
        from coachplan.files.workspace import open_workspace

        files = [
            p for p in open_workspace().plan_files(required=False) if p.stem.startswith(incomplete)
        ]
    except Exception:  # a broken coachplan.toml: offer nothing rather than a traceback
        return []
    choices = []
    for path in files:
        try:
            title = str(parse_toml(read_source(path)).get("title", ""))
        except Exception:
            title = ""
        choices.append((path.stem, title))
    return choices


def rule_codes(incomplete: str) -> list[tuple[str, str]]:
    """Rule codes that complete the last of comma-separated codes: `S201,P1` -> `S201,P101`."""
    from coachplan.core.rulebook import all_rules

    done, comma, last = incomplete.rpartition(",")
    prefix = done + comma
    wanted = last.upper()
    return [
        (prefix + code, rule.summary)
        for code, rule in all_rules().items()
        if code.startswith(wanted)
    ]


def outcomes(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The outcomes `close --outcome` takes for the plan already on the command line (a pip's,
    or any other kind's); all of them when the plan cannot be read."""
    from coachplan.core.lifecycle import EXTENDED, PIP_OUTCOMES, PLAN_OUTCOMES

    kind = None
    try:
        from coachplan.files.store import parse_toml, read_source
        from coachplan.files.workspace import open_workspace

        # While completing, click may leave the plan among the unparsed arguments.
        ref = ctx.params.get("plan") or next(iter(ctx.args), None)
        if ref:
            kind = parse_toml(read_source(open_workspace().resolve(ref))).get("kind")
    except Exception:  # no workspace, no such plan, a broken file: offer every outcome
        kind = None
    pip = [(o, "a pip's outcome") for o in PIP_OUTCOMES]
    pip.append((EXTENDED, "a pip given more time: with --end, it stays active"))
    others = [(o, "a plan's outcome") for o in PLAN_OUTCOMES]
    choices = pip if kind == "pip" else others if kind else others + pip
    return [(name, help_text) for name, help_text in choices if name.startswith(incomplete)]


def groupings(incomplete: str) -> list[tuple[str, str]]:
    """The groupings of `report outcomes --by`."""
    from coachplan.reports.outcomes import GROUPINGS

    return [(g, f"a row per {g}") for g in GROUPINGS if g.startswith(incomplete)]
