"""The variables that each installed conferencing platform reads, as ``--help`` lists them.

They are read from each adapter's settings class (the ``settings`` parameter of its factory,
built with :func:`~iofs_events.settings.settings_config`), so that the list follows the
adapters, ours and third parties', and cannot go stale. Finding them loads every adapter, so
they are found only when the help is asked for.
"""

from __future__ import annotations

import argparse
import typing
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

HEADING = "settings, from the environment or a .env file in the working directory:"


class HelpWithPlatformSettings(argparse.Action):
    """``-h``, ``--help``: the command's help, then the variables that each installed platform reads."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **_: object) -> None:
        super().__init__(
            option_strings,
            dest=dest,
            default=argparse.SUPPRESS,
            nargs=0,
            help="show this help message, with the settings of each platform, and exit",
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        parser.print_help()
        print(f"\n{platform_settings()}")
        parser.exit()


def platform_settings() -> str:
    """Each installed platform on a line of its own, with the variables it needs and those it may be given."""
    import shutil
    import textwrap

    from ..platforms import available_platforms

    installed = available_platforms()
    indent = " " * (max(map(len, installed), default=0) + 4)
    width = max(shutil.get_terminal_size().columns - 2, 40)  # as argparse wraps its help
    lines = [HEADING]
    for name, point in installed.items():
        try:
            reads = _variables(point.load())
        except Exception as error:  # a third party's adapter that cannot be imported: say so, list the others
            reads = f"cannot be loaded ({type(error).__name__})"
        first = f"  {name}".ljust(len(indent))
        lines += textwrap.wrap(reads, width, initial_indent=first, subsequent_indent=indent, break_on_hyphens=False)
    return "\n".join(lines)


def _variables(factory: Any) -> str:
    """``needs IOFS_ZOOM_ACCOUNT_ID, ...; may set IOFS_ZOOM_USER_ID, ...``, from the factory's ``settings`` type."""
    import inspect

    if "settings" not in inspect.signature(factory).parameters:
        return "none"
    try:
        hint = inspect.signature(factory, eval_str=True).parameters["settings"].annotation
    except Exception:  # an annotation that cannot be resolved at run time (a name imported for type checkers only)
        hint = None
    kinds = [kind for kind in typing.get_args(hint) or (hint,) if "env_prefix" in getattr(kind, "model_config", {})]
    if not kinds:
        return "see the adapter's documentation"
    prefix = kinds[0].model_config["env_prefix"]
    fields = kinds[0].model_fields
    needed = [prefix + name.upper() for name, field in fields.items() if field.is_required()]
    optional = [prefix + name.upper() for name, field in fields.items() if not field.is_required()]
    said = [f"needs {', '.join(needed)}"] if needed else []
    return "; ".join(said + ([f"may set {', '.join(optional)}"] if optional else [])) or "none"
