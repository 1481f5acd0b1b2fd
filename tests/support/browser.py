"""Debian's Chromium through Playwright, or the test skipped (failed in CI)."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def browser_or_skip():
    """Playwright's sync_playwright, which `python3 dev.py test` installs with
    Chromium; in CI their absence fails the test instead of skipping it."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not Path(CHROMIUM).exists():
        message = "needs Playwright and Debian's Chromium: run it through `python3 dev.py test`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return sync_playwright
