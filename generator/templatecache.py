"""Compiled templates kept between processes, in the user's cache folder.

Jinja compiles a template from its source in every process that renders it:
parsing it, writing Python source for it and compiling that. For the site's
templates that is 0.1-0.2 s of CPU, paid by a cold `sop generate` before it
forks its page workers (while the other core idles) and again for the index
pages; a compiled template loads in ~0.2 ms.

The compiled code is marshal data, an executable format, so it is never kept
in the project folder (a clone or an archive can bring any file there, see
`generator.store`). It is kept where the compiled Graphviz engine is: a
`Store` in the user's cache folder (`usersecret.user_folder`), each entry
signed with the user's secret and verified on read, keyed by the template's
name and source (Jinja's bucket key and checksum), the tool's own code (`Store.key`: the
environments' filters and code generator are code of the tool), and Jinja's
and Python's versions. An entry is the template's code object, marshalled
(not Jinja's own bucket format, which pickles the checksum). A missing,
damaged or foreign entry is a miss: the template is compiled, as without
this cache. `--no-cache` keeps and reads nothing here (`keep_compiled`).
"""

from __future__ import annotations

import marshal
import sys
from types import CodeType

import jinja2
from jinja2.bccache import Bucket

from generator import usersecret
from generator.store import Store

KIND = "template"
FOLDER = "templates"  # in the user's cache folder, beside the engine's "compiled"
STORE_BYTES = 16 << 20  # ~1.5 MB a version of the tool: this and several earlier ones

# Whether this process keeps and reads compiled templates (see `keep_compiled`).
_keep = True


def keep_compiled(enabled: bool) -> None:
    """Allow (or forbid: `--no-cache`) this process to keep and read compiled templates."""
    global _keep
    _keep = enabled


class SignedBytecodeCache(jinja2.BytecodeCache):
    """Jinja's bytecode cache over a signed `Store` of the user's cache folder."""

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill `bucket` with its compiled code when a verified entry holds it."""
        store = _store()
        data = store.read(KIND, _key(bucket)) if store is not None else None
        if data is None:
            return
        try:
            code = marshal.loads(data)
        except (ValueError, EOFError, TypeError):  # signed, so ours: from an odd build
            return
        if isinstance(code, CodeType):
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the code Jinja just compiled for `bucket`."""
        store = _store()
        if store is not None and bucket.code is not None:
            store.write(KIND, _key(bucket), marshal.dumps(bucket.code))
            store.prune()


def _store() -> Store | None:
    return user_template_store() if _keep else None


def user_template_store() -> Store:
    """The store of compiled templates, in the user's cache folder."""
    return Store(usersecret.user_folder() / FOLDER, max_bytes=STORE_BYTES)


def _key(bucket: Bucket) -> str:
    return Store.key(KIND, bucket.key, bucket.checksum, jinja2.__version__, sys.version)
