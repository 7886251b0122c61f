"""Shell completion of plan ids and rule codes (typer autocompletion callbacks).

Completion runs on every TAB press: it must be quick and must never fail, so a missing or
broken workspace completes nothing and the shell falls back to file names.
"""

from __future__ import annotations


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
