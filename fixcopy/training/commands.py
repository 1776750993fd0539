"""`fixcopy train` and `fixcopy eval`: not built yet (see the model issue)."""


def register(app) -> None:
    """Add this module's command(s) to the typer app."""
