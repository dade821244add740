"""Edits of a study's text, for tests that need a variant of a shipped study."""
import re


def edited(text, *substitutions):
    """TEXT with each (PATTERN, REPLACEMENT) applied (multiline regex, every match); a pattern that
    does not match is an error, so that an edit cannot silently do nothing."""
    for pattern, replacement in substitutions:
        text, n = re.subn(pattern, replacement, text, flags=re.M)
        assert n > 0, "pattern not found: " + pattern
    return text
