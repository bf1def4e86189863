"""Where the tests find the repository's files: the seed event, the examples, the golden files."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "events" / "food-security-governance-2021.json"
GOLDEN = ROOT / "tests" / "golden"
