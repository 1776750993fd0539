"""`fixcopy review FILE`: walk the suggestions one by one in the terminal, like `git add -p`.

A thin shell over fixcopy.edits: it shows each item, records the editor's decision, and
at the end has edits.Loaded write the accepted edits atomically.
"""

from __future__ import annotations

import re
import shlex
import sys

import typer
from rich.console import Console
from rich.text import Text

from .cli_options import disable_option, input_format_option, min_confidence_option, no_model_option, options
from .config import ConfigError
from .edits import ACCEPT, REJECT, Decision, can_accept, context_span, edit, tally, word_diff
from .exits import EXIT_ERROR
from .files import InputError
from .readers import InputFormat
from .session import ChangedOnDiskError, Loaded, load

EXIT_INTERRUPTED = 130

HELP = """\
y - accept this change
n - reject this change
e - edit the replacement (it is prefilled; an empty line deletes the span)
a - accept this change and all remaining ones
d - reject this change and all remaining ones
q - quit; keep the decisions made so far and write them
? - print this help"""

FLAG_HELP = """\
this span is flagged without a fix: fixcopy does not know what it should say
e - write a replacement (prefilled with the current text)
n - leave it as it is
q - quit; keep the decisions made so far and write them
? - print this help"""

LINE_BREAK = "⏎"
_BREAK_RE = re.compile(r"\r\n|\r|\n")


class Quit(Exception):
    pass


class Reviewer:
    def __init__(self, loaded: Loaded, console: Console) -> None:
        self.loaded = loaded
        self.console = console
        self.plain = console.no_color or console.color_system is None
        m = _BREAK_RE.search(loaded.article.text)
        self.newline = m.group() if m else "\n"

    # -- showing -------------------------------------------------------------------------
    def render(self, i: int) -> Text:
        """The item's sentence with the change marked inline."""
        item = self.loaded.items[i]
        text = self.loaded.doc.text
        start, end, cut_before, cut_after = context_span(self.loaded.doc, item)
        out = Text("  ")
        if cut_before:
            out.append("…")
        out.append(_flat(text[start : item.start]))
        if item.replacement is None:
            shown = item.text or "‸"
            out.append(f"[?{_marked(shown)}?]" if self.plain else _marked(shown), style="bold yellow underline")
        else:
            for op, part in word_diff(item.text, item.replacement):
                if op == "equal":
                    out.append(_marked(part))
                elif op == "delete":
                    out.append(f"[-{_marked(part)}-]" if self.plain else _marked(part), style="red strike")
                else:
                    out.append(f"{{+{_marked(part)}+}}" if self.plain else _marked(part), style="bold green")
        out.append(_flat(text[item.end : end]))
        if cut_after:
            out.append("…")
        return out

    def show(self, i: int) -> None:
        item = self.loaded.items[i]
        line, col = self.loaded.doc.line_col(item.start)
        head = Text()
        head.append(f"({i + 1}/{len(self.loaded.items)}) ", style="bold")
        head.append(item.category, style="bold cyan")
        head.append(f"  confidence {item.confidence:.2f}  {item.source}  line {line}, column {col}", style="dim")
        self.console.print()
        self.console.print(head)
        self.console.print(Text(item.message + ("" if item.replacement is not None else " (no fix offered)")))
        self.console.print(self.render(i))

    # -- asking --------------------------------------------------------------------------
    def ask(self, prompt: str) -> str:
        self.console.file.flush()
        try:
            return input(prompt).strip().lower()
        except EOFError:  # Ctrl-D: stop like q
            print()
            raise Quit from None

    def ask_replacement(self, current: str) -> str:
        import readline

        prefill = _BREAK_RE.sub(LINE_BREAK, current)
        if LINE_BREAK in prefill:
            self.console.print(Text(f"  ({LINE_BREAK} stands for a line break)", style="dim"))
        readline.set_startup_hook(lambda: readline.insert_text(prefill))
        try:
            typed = input("Replacement: ")
        except EOFError:
            print()
            raise Quit from None
        finally:
            readline.set_startup_hook(None)
        return typed.replace(LINE_BREAK, self.newline)

    def decide(self, i: int) -> tuple[Decision, str | None]:
        """This item's decision, and "a"/"d" when it also decides all the remaining ones."""
        item = self.loaded.items[i]
        fixable = can_accept(item)
        keys, help_text = ("y,n,e,a,d,q,?", HELP) if fixable else ("e,n,q,?", FLAG_HELP)
        prompt = "Accept this change [y,n,e,a,d,q,?]? " if fixable else "No fix offered; edit or skip [e,n,q,?]? "
        while True:
            answer = self.ask(prompt)
            if answer == "q":
                raise Quit
            if answer == "n":
                return REJECT, None
            if answer == "e":
                new = self.ask_replacement(item.replacement if fixable else item.text)
                if new == item.text:
                    self.console.print(Text("  unchanged: counted as rejected", style="dim"))
                    return REJECT, None
                if fixable and new == item.replacement:
                    self.console.print(Text("  as proposed: counted as accepted", style="dim"))
                    return ACCEPT, None
                self.console.print(Text("  now: ").append_text(self._diff_only(item.text, new)))
                return edit(new), None
            if fixable and answer in ("y", "a", "d"):
                if answer == "d":
                    return REJECT, "d"
                return ACCEPT, ("a" if answer == "a" else None)
            if answer != "?":
                self.console.print(Text(f"  please answer one of {keys}", style="yellow"))
            self.console.print(Text(help_text, style="yellow"))

    def _diff_only(self, old: str, new: str) -> Text:
        out = Text()
        for op, part in word_diff(old, new):
            shown = _marked(part)
            if op == "equal":
                out.append(shown)
            elif op == "delete":
                out.append(f"[-{shown}-]" if self.plain else shown, style="red strike")
            else:
                out.append(f"{{+{shown}+}}" if self.plain else shown, style="bold green")
        return out or Text("(nothing)")

    def walk(self) -> dict[int, Decision]:
        decisions: dict[int, Decision] = {}
        bulk: str | None = None
        for i, item in enumerate(self.loaded.items):
            if bulk == "d" or (bulk == "a" and can_accept(item)):
                decisions[i] = ACCEPT if bulk == "a" else REJECT
                continue
            # "a" accepts the remaining changes; a flag without a fix is still shown and asked about.
            self.show(i)
            try:
                decisions[i], more = self.decide(i)
            except Quit:
                break
            bulk = more or bulk
        return decisions


def _flat(context: str) -> str:
    return _BREAK_RE.sub(" ", context)


def _marked(changed: str) -> str:
    return _BREAK_RE.sub(LINE_BREAK, changed)


def _fail(message: str) -> None:
    typer.echo(f"fixcopy: error: {message}", err=True)
    raise typer.Exit(EXIT_ERROR)


NOT_A_TERMINAL = (
    "review asks a question for each suggestion and needs a terminal (standard input is not one); "
    "use `fixcopy fix {path} --write` to apply the fixes without asking, or `fixcopy check {path}` to list them"
)


def review(
    path: str, min_confidence: float | None, no_model: bool, disable: list[str] | None = None, input_format=None
) -> int:
    if not sys.stdin.isatty():
        _fail(NOT_A_TERMINAL.format(path=shlex.quote(path)))
    try:
        loaded = load(path, options("review", min_confidence, no_model, disable, input_format))
    except (InputError, ConfigError) as e:
        _fail(str(e))
    console = Console(highlight=False)
    n = len(loaded.items)
    if not n:
        console.print(f"{path}: nothing to review")
        return 0
    console.print(Text(f"{path}: {n} suggestion{'s' if n != 1 else ''} to review (? for help)", style="bold"))
    try:
        decisions = Reviewer(loaded, console).walk()
    except KeyboardInterrupt:
        console.print()
        typer.echo(f"fixcopy: interrupted; {path} not changed", err=True)
        return EXIT_INTERRUPTED
    console.print()
    console.print(str(tally(n, decisions)))
    try:
        written = loaded.write(decisions)
    except ChangedOnDiskError:
        return _changed_on_disk(loaded, decisions, console)
    except ValueError as e:  # an edit that would cross markup (fixcopy.readers)
        _fail(f"{path}: {e}; nothing written")
    except OSError as e:
        _fail(f"{path}: cannot write: {e.strerror or e}")
    n_edits = len(loaded.edits(decisions))
    console.print(f"wrote {path} ({n_edits} change{'s' if n_edits != 1 else ''})" if written else f"{path} not changed")
    return 0


def _changed_on_disk(loaded: Loaded, decisions: dict[int, Decision], console: Console) -> int:
    """Someone saved the file during the review: offer to apply the decisions to the new
    version; otherwise (or when they no longer fit it) keep them in a patch beside the file."""
    path = loaded.path
    n = len(loaded.edits(decisions))
    console.print(Text(f"{path} changed on disk during the review (someone else saved it).", style="bold yellow"))
    try:
        article, moved, lost = loaded.reread(decisions)
    except InputError as e:
        article, moved, lost = None, [], [None]
        console.print(f"  it cannot be read now: {e}")
    if not lost:
        try:
            answer = input(f"Apply your {n} change{'s' if n != 1 else ''} to the new version [y,n]? ").strip().lower()
        except EOFError:
            answer = "n"
        if answer == "y":
            try:
                loaded.write_onto(article, moved)
            except (ChangedOnDiskError, OSError) as e:
                console.print(f"  {e}")
            else:
                console.print(f"wrote {path} ({n} change{'s' if n != 1 else ''} on the new version)")
                return 0
    else:
        console.print(f"  {len(lost)} of your {n} changes no longer fit the new text.")
    try:
        saved = loaded.save_patch(decisions)
    except OSError as e:
        _fail(f"{path} not written, and your decisions could not be saved: {e.strerror or e}")
    _fail(
        f"{path} not written; your decisions are saved in {saved} "
        f"(apply them to the version you reviewed with: patch {shlex.quote(path)} {shlex.quote(saved)})"
    )
    return EXIT_ERROR


def register(app) -> None:
    """Add the `review` command to the typer app."""

    @app.command("review")
    def review_command(
        path: str = typer.Argument(..., help="The article file to review."),
        min_confidence: float | None = min_confidence_option(
            "Ask about suggestions at or above this confidence (default: 0.5, or the config's min-confidence)."
        ),
        disable: list[str] | None = disable_option("ask about"),
        no_model: bool = no_model_option(),
        input_format: InputFormat = input_format_option(),
    ) -> None:
        """Walk the suggestions one by one and accept, reject or edit each (like git add -p); then write the file."""
        raise typer.Exit(review(path, min_confidence, no_model, disable, input_format))
