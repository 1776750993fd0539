"""fixcopy: find and repair machine-translation garbles in English wire copy."""

__version__ = "0.1.0"
