"""Findings as text for people, and as json, github, junit, sarif and gitlab for machines."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from urllib.parse import quote

from coachplan import __version__
from coachplan.core.findings import Finding, Severity
from coachplan.core.text import log_safe_json, visible

FORMATS = ("text", "concise", "json", "github", "junit", "sarif", "gitlab")


@dataclass(frozen=True)
class Report:
    """What a validate run found, across all files it read."""

    findings: Sequence[Finding]
    files: Sequence[str]
    sources: dict[str, str]  # file -> text, for excerpts
    unreadable_files: frozenset[str] = frozenset()  # those that could not be read or parsed
    strict: bool = False  # warnings fail the check too
    # Each file as machines want it (sarif, gitlab, github, junit): relative to the
    # repository root (see files.gitrevs.repository_path), the same from any directory.
    repository_paths: Mapping[str, str] = field(default_factory=dict)

    @property
    def unreadable(self) -> int:
        return len(self.unreadable_files)

    def fails(self, finding: Finding) -> bool:
        """Whether a finding fails the check: every error; a warning only with --strict."""
        return finding.severity is Severity.ERROR or self.strict

    def path(self, file: str) -> str:
        """A file's path from the repository root (as given where none is known)."""
        return self.repository_paths.get(file, file)

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)


def _paint(enabled: bool) -> Callable[[str, str], str]:
    codes = {"red": "31", "yellow": "33", "bold": "1", "dim": "2", "cyan": "36", "green": "32"}

    def paint(text: str, style: str) -> str:
        if not enabled:
            return text
        return f"\x1b[{codes[style]}m{text}\x1b[0m"

    return paint


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


@dataclass
class Tally:
    """What the closing line of a run says, counted as results stream past: a streamed
    format keeps these numbers, not every file's name and findings."""

    files: int = 0
    errors: int = 0
    warnings: int = 0
    files_with_findings: int = 0

    def add(self, findings: Sequence[Finding]) -> None:
        """Count one file and its findings."""
        self.files += 1
        if findings:
            self.files_with_findings += 1
            for f in findings:
                if f.severity is Severity.ERROR:
                    self.errors += 1
                elif f.severity is Severity.WARNING:
                    self.warnings += 1

    @classmethod
    def of(cls, report: Report) -> Tally:
        return cls(
            files=len(report.files),
            errors=report.errors,
            warnings=report.warnings,
            files_with_findings=len({f.file for f in report.findings}),
        )


def summary_line(report: Report | Tally) -> str:
    tally = report if isinstance(report, Tally) else Tally.of(report)
    total = tally.files
    if not tally.files_with_findings:
        return f"All checks passed: {_plural(total, 'plan')}."
    parts = []
    if tally.errors:
        parts.append(_plural(tally.errors, "error"))
    if tally.warnings:
        parts.append(_plural(tally.warnings, "warning"))
    return (
        f"Found {' and '.join(parts)} in {tally.files_with_findings} of {_plural(total, 'plan')}."
    )


def _excerpt(line: str, column: int) -> tuple[str, int]:
    """A source line as shown, and the caret's offset under it (escapes widen the text)."""
    before = line[: max(0, column - 1)]
    shown_before = visible(before)
    return shown_before + visible(line[len(before) :]), len(shown_before)


def text_block(findings: Sequence[Finding], source: str, *, color: bool = False) -> str:
    """The findings of one file for people, each with the line it is about (the file's
    lines split once, not once per finding)."""
    paint = _paint(color)
    lines = source.splitlines()
    out: list[str] = []
    for f in findings:
        severity = paint(f.severity.value, "red" if f.severity is Severity.ERROR else "yellow")
        out.append(
            f"{paint(f'{visible(f.file)}:{f.line}:{f.column}', 'bold')}: {severity} "
            f"{paint(f.code, 'bold')} {visible(f.message)}"
        )
        if 0 < f.line <= len(lines):
            number = str(f.line)
            gutter = " " * len(number)
            shown, caret = _excerpt(lines[f.line - 1], f.column)
            out.append(paint(f"  {gutter} |", "dim"))
            out.append(paint(f"  {number} | ", "dim") + shown)
            out.append(paint(f"  {gutter} | ", "dim") + " " * caret + paint("^", "red"))
        if f.hint:
            out.append(f"  {paint('hint', 'cyan')}: {visible(f.hint)}")
        out.append("")
    return "".join(line + "\n" for line in out)


def concise_block(findings: Sequence[Finding], source: str = "", *, color: bool = False) -> str:
    return "".join(
        f"{visible(f.file)}:{f.line}:{f.column}: {f.code} [{f.severity.value}] "
        f"{visible(f.message)}\n"
        for f in findings
    )


def _by_file(findings: Sequence[Finding]) -> list[list[Finding]]:
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.file, []).append(f)
    return list(groups.values())


def render_text(report: Report, *, color: bool = False) -> str:
    blocks = [
        text_block(group, report.sources.get(group[0].file, ""), color=color)
        for group in _by_file(report.findings)
    ]
    return "".join(blocks) + summary_line(report) + "\n"


def render_concise(report: Report, *, color: bool = False) -> str:
    return concise_block(report.findings) + summary_line(report) + "\n"


def render_json(report: Report, *, color: bool = False) -> str:
    document = {
        "version": __version__,
        "summary": {
            "files": len(report.files),
            "errors": report.errors,
            "warnings": report.warnings,
            "unreadable": report.unreadable,
        },
        "findings": [_shown_file(f.as_dict()) for f in report.findings],
    }
    return log_safe_json(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _shown_file(finding: dict[str, object]) -> dict[str, object]:
    # A file name that is not UTF-8 cannot be written in JSON: show its bytes as escapes.
    finding["file"] = visible(str(finding["file"]))
    return finding


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report, *, color: bool = False) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's files."""
    return github_block(report.findings, paths=report.repository_paths)


def github_block(
    findings: Sequence[Finding],
    source: str = "",
    *,
    color: bool = False,
    paths: Mapping[str, str] | None = None,
) -> str:
    """The annotations of one file's findings; `paths` names files from the repository
    root (as given where it does not)."""
    paths = paths or {}
    out = []
    for f in findings:
        level = "error" if f.severity is Severity.ERROR else "warning"
        # visible: no escape sequence, `::` or `##[` of the plan's reaches the log; the
        # runner turns %0A back into a newline inside the annotation, not in the log.
        message = visible(f.message + (f" ({f.hint})" if f.hint else ""), multiline=True)
        out.append(
            f"::{level} file={_gh_property(visible(paths.get(f.file, f.file)))},"
            f"line={f.line},col={f.column},"
            f"title={_gh_property(f'{f.code} {f.name}')}::{_gh_data(message)}"
        )
    return "".join(line + "\n" for line in out)


def render_junit(report: Report, *, color: bool = False) -> str:
    """JUnit XML: a test case per plan file. A file that cannot be read or parsed is an
    `<error>`; a file with findings that fail the check (errors; warnings too with
    --strict) has one `<failure>` listing them; findings that do not fail it are in the
    test case's `<system-out>`. So the counts are those of the exit code: a run that exits
    0 reports no failure and no error."""
    # Imported here: xml.sax.saxutils pulls in urllib, http and ssl (10 ms at start-up).
    from xml.sax.saxutils import quoteattr

    by_file: dict[str, list[Finding]] = {name: [] for name in report.files}
    for f in report.findings:
        by_file.setdefault(f.file, []).append(f)
    cases: list[str] = []
    failures = errors = 0
    # visible: XML 1.0 forbids most control characters (the document would not parse),
    # and a CI log that prints the report must not run a workflow command from it.
    for file, findings in by_file.items():
        name = quoteattr(visible(report.path(file)))
        failing = [f for f in findings if report.fails(f)]
        others = [f for f in findings if not report.fails(f)]
        body: list[str] = []
        if failing:
            element = "error" if file in report.unreadable_files else "failure"
            errors += element == "error"
            failures += element == "failure"
            codes = ",".join(dict.fromkeys(f.code for f in failing))
            first = failing[0]
            message = f"{first.code} [{first.severity.value}] {first.message}"
            if len(failing) > 1:
                message += f" (and {_plural(len(failing) - 1, 'more problem')})"
            body.append(
                f"      <{element} type={quoteattr(codes)} message={quoteattr(visible(message))}>"
                f"{_junit_lines(report, failing)}</{element}>"
            )
        if others:
            body.append(f"      <system-out>{_junit_lines(report, others)}</system-out>")
        head = f'    <testcase name={name} classname="coachplan" file={name}'
        cases += [f"{head}>", *body, "    </testcase>"] if body else [f"{head} />"]
    counts = f'tests="{len(by_file)}" failures="{failures}" errors="{errors}"'
    return (
        "\n".join(
            [
                '<?xml version="1.0" encoding="UTF-8"?>',
                f'<testsuites name="coachplan" {counts}>',
                f'  <testsuite name="coachplan validate" {counts} skipped="0">',
                *cases,
                "  </testsuite>",
                "</testsuites>",
            ]
        )
        + "\n"
    )


def _junit_lines(report: Report, findings: Sequence[Finding]) -> str:
    """Findings as the text of a JUnit element: one per line, each with its hint."""
    lines = []
    for f in findings:
        lines.append(
            f"{report.path(f.file)}:{f.line}:{f.column}: {f.code} [{f.severity.value}] {f.message}"
        )
        if f.hint:
            lines.append(f"  hint: {f.hint}")
    return _xml_text(visible("\n".join(lines), multiline=True))


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """A stable identity per finding, for code-scanning and Code Quality services.

    Built from the rule, the file and the message, not the line, so that a finding keeps its
    identity when lines are added above it; identical findings in one file are told apart by
    their order.
    """
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        key = "\0".join((f.code, f.file, f.message))
        seen[key] = seen.get(key, 0) + 1
        # surrogateescape: a file name that is not UTF-8 still has bytes to hash.
        identity = f"{key}\0{seen[key]}".encode("utf-8", "surrogateescape")
        out.append(hashlib.sha256(identity).hexdigest())
    return out


def _artifact(file: str) -> dict[str, str]:
    """A SARIF artifactLocation: a relative URI reference from the checkout, or a file URI."""
    path = PurePath(file)
    if path.is_absolute():
        return {"uri": Path(file).as_uri()}
    # The file name's bytes, percent-encoded (a name that is not UTF-8 included).
    return {"uri": quote(os.fsencode(path.as_posix())), "uriBaseId": "%SRCROOT%"}


def _rule_help_markdown(code: str) -> str:
    from coachplan.core.rulebook import all_rules
    from coachplan.render.rules import examples_markdown

    rule = all_rules()[code]
    return (
        f"{rule.explanation}\n\n" + "\n".join(examples_markdown(rule)) + "\n\n"
        f"Silence it with `--ignore {code}`, or in coachplan.toml: "
        f'`[rules] ignore = ["{code}"]`.'
    )


def render_sarif(report: Report, *, color: bool = False) -> str:
    """SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers."""
    from coachplan.core.rulebook import all_rules

    rules = all_rules()
    used = sorted({f.code for f in report.findings})
    index = {code: i for i, code in enumerate(used)}
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "coachplan",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [
                            {
                                "id": code,
                                "name": rules[code].name,
                                "shortDescription": {"text": rules[code].summary},
                                "fullDescription": {"text": rules[code].explanation},
                                "help": {
                                    "text": f"{rules[code].explanation}\n\nRun `coachplan rules "
                                    f"{code}` for an example.",
                                    "markdown": _rule_help_markdown(code),
                                },
                                "defaultConfiguration": {"level": rules[code].severity.value},
                                "properties": {"tags": [rules[code].family]},
                            }
                            for code in used
                        ],
                    }
                },
                # Columns count characters, as the text output does, not UTF-16 code units.
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The checkout."}}},
                # Not successful when a file could not be read (exit 2): its results are
                # not all there is to know.
                "invocations": [{"executionSuccessful": not report.unreadable}],
                "results": [
                    {
                        "ruleId": f.code,
                        "ruleIndex": index[f.code],
                        "level": f.severity.value,
                        "message": {
                            "text": visible(f.message + (f" ({f.hint})" if f.hint else ""))
                        },
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": _artifact(report.path(f.file)),
                                    "region": {"startLine": f.line, "startColumn": f.column},
                                }
                            }
                        ],
                        "partialFingerprints": {"coachplanFinding/v1": fingerprint},
                    }
                    for f, fingerprint in zip(
                        report.findings, fingerprints(report.findings), strict=True
                    )
                ],
            }
        ],
    }
    return log_safe_json(json.dumps(sarif, indent=2, ensure_ascii=False) + "\n")


# GitLab's severities: info, minor, major, critical, blocker.
GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def render_gitlab(report: Report, *, color: bool = False) -> str:
    """GitLab Code Quality (a Code Climate subset): merge-request widgets and diff markers."""
    issues = [
        {
            "check_name": f.code,
            "description": visible(f"{f.code} {f.message}" + (f" ({f.hint})" if f.hint else "")),
            "severity": GITLAB_SEVERITY[f.severity],
            "fingerprint": fingerprint,
            "location": {
                "path": visible(PurePath(report.path(f.file)).as_posix()),
                "lines": {"begin": f.line},
            },
        }
        for f, fingerprint in zip(report.findings, fingerprints(report.findings), strict=True)
    ]
    return log_safe_json(json.dumps(issues, indent=2, ensure_ascii=False) + "\n")


# Formats written file by file as results come in (validate's memory stays flat): a file's
# findings with its text; what follows them all, given the whole report.
BLOCKS: dict[str, Callable[..., str]] = {
    "text": text_block,
    "concise": concise_block,
    "github": github_block,
}


def closing(output_format: str, report: Report | Tally) -> str:
    """What a streamed format writes after the last file's findings."""
    return "" if output_format == "github" else summary_line(report) + "\n"


RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "concise": render_concise,
    "json": render_json,
    "github": render_github,
    "junit": render_junit,
    "sarif": render_sarif,
    "gitlab": render_gitlab,
}


def render_statistics(report: Report, output_format: str) -> str:
    """How many findings each rule produced, most first."""
    from collections import Counter

    from coachplan.core.rulebook import all_rules

    counts = Counter(f.code for f in report.findings)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    registry = all_rules()
    if output_format == "json":
        return (
            json.dumps(
                [{"code": c, "name": registry[c].name, "count": n} for c, n in rows], indent=2
            )
            + "\n"
        )
    width = max((len(str(n)) for _, n in rows), default=1)
    lines = [f"{n:>{width}}  {c}  {registry[c].name}" for c, n in rows]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
