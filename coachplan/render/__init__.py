"""Rendering: findings, plans and report rows as text, tables, json, csv, markdown,
html with svg charts, ics, github annotations, junit, sarif and gitlab.

Renderers take data and return text; the command line decides where it goes. They may
import coachplan.core, coachplan.files, coachplan.rules and coachplan.reports; never the
engine or the command line.
"""
