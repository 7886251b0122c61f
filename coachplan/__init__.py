"""coachplan: coaching plans as TOML files in git."""

__version__ = "0.2.0"
