"""The site's escapers; they live in `generator.escape` (shared with the review pages)."""

from generator.escape import escape_text, escape_url, yaml_string

__all__ = ["escape_text", "escape_url", "yaml_string"]
