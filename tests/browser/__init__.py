"""Tests that drive headless Chromium over the built site (one browser and one server per session)."""
