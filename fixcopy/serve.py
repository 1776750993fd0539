"""`fixcopy serve`: not built yet (see its issue)."""


def register(app) -> None:
    """Add this module's command(s) to the typer app."""
