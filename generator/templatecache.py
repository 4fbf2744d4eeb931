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
name and source (Jinja's bucket key and checksum), the environment's
settings (`environment_fingerprint`: one store serves every environment), the
tool's own code (`Store.key`), and Jinja's and Python's versions. An entry
is the template's code object, marshalled (not Jinja's own bucket format,
which pickles the checksum). A missing,
damaged or foreign entry is a miss: the template is compiled, as without
this cache. `--no-cache` keeps and reads nothing here (`keep_compiled`).
"""

from __future__ import annotations

import marshal
import sys
import weakref
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
    return Store.key(
        KIND,
        bucket.key,
        bucket.checksum,
        environment_fingerprint(bucket.environment),
        jinja2.__version__,
        sys.version,
    )


_FINGERPRINTS: weakref.WeakKeyDictionary[jinja2.Environment, str] = weakref.WeakKeyDictionary()


def environment_fingerprint(environment: jinja2.Environment) -> str:
    """What of `environment` the compiled code depends on: its code generator, escaping,
    finalize, whitespace and syntax settings, extensions, undefined class, and each
    filter's and test's name, function and what it is passed (decided when compiling).
    Two environments over the same templates (the handbook's two) share entries only
    when these are the same."""
    found = _FINGERPRINTS.get(environment)
    if found is None:
        env = environment

        def named(value: object) -> str:
            if callable(value):
                module = getattr(value, "__module__", "")
                return f"{module}.{getattr(value, '__qualname__', type(value).__qualname__)}"
            return repr(value)

        def functions(table: dict[str, object]) -> list[str]:
            return [
                f"{name}={named(function)}:{getattr(function, 'jinja_pass_arg', '')}"
                for name, function in sorted(table.items())
            ]

        parts = [
            named(env.code_generator_class),
            named(env.autoescape),
            named(env.finalize),
            named(env.undefined),
            *(repr(getattr(env, name)) for name in _SETTINGS),
            *sorted(env.extensions),
            *functions(env.filters),
            *functions(env.tests),
        ]
        found = _FINGERPRINTS[environment] = "\0".join(parts)
    return found


# The environment's settings that shape its compiled code (see `environment_fingerprint`).
_SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
)
