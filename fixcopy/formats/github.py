"""GitHub Actions workflow commands: one ``::warning`` (a fix) or ``::notice`` (a flag) a suggestion.

Printed in a workflow step, each becomes an annotation on the file's line in the pull request:

    ::warning file=stories/a.txt,line=7,col=21,endColumn=27,title=fixcopy duplicated-word::"for" is repeated ("for for" -> "for")

Lines and columns are 1-based, columns in characters; endColumn is the last character's column.
Run it from the repository root so that the paths are the repository's.
"""

from __future__ import annotations

from .base import FileResult, Formatter
from .text import describe_fix


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


class GithubFormatter(Formatter):
    def add(self, result: FileResult) -> None:
        for s in result.suggestions:
            line, col = result.doc.line_col(s.start)
            props = []
            if result.path != "<stdin>":
                props.append(f"file={escape_property(result.path)}")
            props += [f"line={line}", f"col={col}"]
            if s.end > s.start:
                end_line, end_col = result.doc.line_col(s.end - 1)
                if end_line == line:
                    props.append(f"endColumn={end_col}")
                else:
                    props.append(f"endLine={end_line}")
            props.append(f"title={escape_property('fixcopy ' + s.category)}")
            fix = describe_fix(s)
            message = f"{s.message} ({fix})" if fix else s.message
            level = "warning" if s.replacement is not None else "notice"
            self.out.write(f"::{level} {','.join(props)}::{escape_data(message)}\n")


FORMATTER = GithubFormatter
