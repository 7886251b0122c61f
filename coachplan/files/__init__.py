"""Files: plans on disk and as text.

Reading a file safely and parsing it with positions (store, positions, loader), the
canonical layout (layout, directives), edits of a plan's text that keep everything else
(textedit), atomic writes and locks (store, lock), finding the workspace and its settings
(workspace), git revisions (gitrevs) and the worker pool for many files (parallel). It may
import coachplan.core only; it knows nothing of the rules, the reports or the renderers.
"""
