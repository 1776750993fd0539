"""Defaults of ``fixcopy serve`` and its app, in a module that imports nothing: the command
line shows them without loading starlette and uvicorn, which load only when ``serve`` runs."""

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8081
DEFAULT_MAX_TEXT_LENGTH = 100_000  # characters of plain text a request may carry
DEFAULT_MAX_QUEUE = 64
DEFAULT_MAX_BATCH = 16
