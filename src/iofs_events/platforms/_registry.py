"""Finding adapters: the entry-point group ``iofs_events.platforms``, where ours register like anyone's."""

from __future__ import annotations

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

    Raises :class:`~iofs_events.exceptions.UnknownPlatformError` naming the installed adapters
    when none has that name.
    """
    installed = available_platforms()
    if name not in installed:
        names = ", ".join(installed) or "none"
        raise UnknownPlatformError(f"no conferencing platform named {name!r} is installed; installed: {names}")
    factory = installed[name].load()
    platform: Platform = factory(**options)
    return platform
