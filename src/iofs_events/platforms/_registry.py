"""Finding adapters: the entry-point group ``iofs_events.platforms``, where ours register like anyone's."""

from __future__ import annotations

from difflib import get_close_matches
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any

from ..exceptions import UnknownPlatformError

if TYPE_CHECKING:
    from ._base import Platform

GROUP = "iofs_events.platforms"


def available_platforms() -> dict[str, EntryPoint]:
    """The installed adapters by name, ours and third parties', as their entry points."""
    return {point.name: point for point in sorted(entry_points(group=GROUP), key=lambda point: point.name)}


def load_platform(name: str, **options: Any) -> Platform:
    """Build the adapter ``name`` with ``options`` (``settings``, ``client``, ``transport``...).

    Raises :class:`~iofs_events.exceptions.UnknownPlatformError` naming the installed adapters,
    and the closest to ``name`` (``google_meet`` for ``google-meet``), when none has that name.
    """
    installed = available_platforms()
    if name not in installed:
        names = ", ".join(installed) or "none"
        close = get_close_matches(name.lower().replace("-", "_"), installed, n=1, cutoff=0.6)
        meant = f" (did you mean {close[0]!r}?)" if close else ""
        raise UnknownPlatformError(f"no conferencing platform named {name!r} is installed{meant}; installed: {names}")
    factory = installed[name].load()
    platform: Platform = factory(**options)
    return platform
