"""Parts of the tests that we did not write (readers, browsers, servers): a skip locally when missing, a failure in CI.

Set the environment variable ``CI`` (as ``.ci/run`` does) and a missing part fails the test
that needs it, naming the install step; without it, the test is skipped with the same words.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def missing(what: str, step: str) -> NoReturn:
    """Stop the test for lack of ``what``: skipped locally, failed in CI; ``step`` says how to install it."""
    message = f"{what}; install it with: {step}"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
