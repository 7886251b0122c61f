"""The core: what a plan is and what can be worked out from it, with no I/O at all.

The models of the plan format (model), findings and errors as data, dates, the settings
types of coachplan.toml, the rule registry and rulebook (codes, names, explanations,
examples) with the translation of validation errors into format findings, metric progress,
the agreement digest, plan differences, the JSON Schema and the templates of `coachplan new`.
Everything here takes data and returns data: no printing, no files, no clock. It imports
nothing from the rest of coachplan; every other package may import it.
"""
