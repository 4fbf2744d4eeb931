"""The Jinja environments of the tool: one per output kind, all strict.

Every environment made here uses `StrictUndefined`, so a misspelt variable in
a template is an error in the tests instead of an empty space on a page or in
the book. Whether values are escaped is a property of the output kind, stated
where the environment is made:

- HTML (site pages): `autoescape=True`; text from YAML reaches HTML only through
  autoescaping.
- Markdown, YAML, other text: `autoescape=False`; each such template passes
  author text through its kind's own escaping filter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2

from generator.templatecache import SignedBytecodeCache


def environment(
    package: str,
    *,
    autoescape: bool,
    folder: str = "templates",
    filters: dict[str, Callable[..., Any]] | None = None,
    finalize: Callable[[Any], Any] | None = None,
    trim: bool = True,
) -> jinja2.Environment:
    """A strict environment loading templates from `package`'s `folder`."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(package, folder),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        keep_trailing_newline=True,
        trim_blocks=trim,
        lstrip_blocks=trim,
        # The templates are files of the installed package: loaded once, never looked
        # at again (with auto_reload each `get_template` stat()s the file: the site's
        # evaluation sheets asked ~1,000 times a run). A new version is a new process.
        auto_reload=False,
    )
    env.filters.update(filters or {})
    # Compiled templates kept in the user's cache folder, signed (see `templatecache`).
    env.bytecode_cache = SignedBytecodeCache()
    return env
