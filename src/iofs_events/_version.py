"""The package version; hatchling reads it from here when building."""

__version__ = "0.1.0"
