"""The engine: the work a command asks for, put together from files, rules and the core.

The check runner (check: rule selection, severities, per-path ignores), one safe change to
a plan (update: lock, read, change, check, write), writing a new plan (writing), what `fmt`
makes of a file (reformat) and loading many plans in worker processes (bulk). It may import
coachplan.core, coachplan.files, coachplan.rules and coachplan.reports; never render or cli.
"""
