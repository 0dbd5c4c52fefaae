"""The casework pages' tests share the pages' fixtures: Maya's story and signing in."""

from joinedup.ui.tests.conftest import sign_in, story

__all__ = ["sign_in", "story"]
