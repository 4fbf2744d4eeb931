"""The Jinja2 environment of the site templates: escaping by default, labels, links.

Every `{{ value }}` is escaped by `escape_text` (the environment's finalize),
so templates cannot forget it. The finalize always returns escaped `Markup`,
so the compiled templates call it alone (`_FinalizedOutput`): Jinja's own
`escape(...)` around it would only copy the Markup again (a 1,000-SOP site
prints millions of values). The output is the same bytes. Helpers available in templates:

- `t("key", **args)`: the label `site.key` in the page's language; `tr("area.key")`
  any message of the catalogue;
- `path|href`: a link from the current page (`page_path`) to a docs path, as
  it is served (`link_style`); pages are HTML under Markdown headings, so
  links are resolved here, not by MkDocs (tests/test_site_build.py checks them);
- `id|ident`: an id safe as an HTML id; `value|yaml`: a front-matter string.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from functools import cache
from typing import Any

from jinja2 import Environment, Template, nodes, pass_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import TemplateModule
from jinja2.idtracking import VAR_LOAD_RESOLVE
from jinja2.runtime import Context
from markupsafe import Markup

from generator import templating
from generator.messages import translate
from generator.site.escape import escape_text, escape_url, yaml_string
from generator.site.views import url_between

# Labels without arguments, per (key, language): pages print the same few thousand times.
_LABELS: dict[tuple[str, str], str] = {}
# Escaped texts and whole numbers (not bools), per value: table cells, classes, labels,
# step numbers and counts repeat across rows and SOPs.
_ESCAPED: dict[str | int, Markup] = {}
_MEMO_LIMIT = 200_000  # entries; past it new texts are escaped without being kept


@pass_context
def _label(context: Context, key: str, **args: Any) -> str:
    if args:
        return translate(f"site.{key}", context["lang"], **args)
    memo = (key, context["lang"])
    found = _LABELS.get(memo)
    if found is None:
        found = _LABELS[memo] = translate(f"site.{key}", memo[1])
    return found


@pass_context
def _translate(context: Context, key: str, **args: Any) -> str:
    return translate(key, context["lang"], **args)


@pass_context
def _href(context: Context, target: str) -> Markup:
    return escape_url(url_between(context["page_path"], target, context["link_style"]))


def _identifier(value: str) -> Markup:
    # Ids become HTML ids and link anchors: keep them to letters, digits, '-' and '_'.
    return Markup(re.sub(r"[^A-Za-z0-9_-]", "-", str(value)))


def _finalize(value: Any) -> Any:
    """`value` escaped (always Markup, or "" for None: templates print no "None")."""
    kind = type(value)
    # Exact types: a bool (equal to 0 or 1) or a float never reads an int's entry.
    if kind is str or kind is int:
        found = _ESCAPED.get(value)
        if found is None:
            found = escape_text(value)
            if len(_ESCAPED) < _MEMO_LIMIT:
                _ESCAPED[value] = found
        return found
    if value is None:
        return ""
    return escape_text(value)


class _FinalizedOutput(CodeGenerator):
    """Compiles `{{ value }}` to `finalize(value)` where Jinja writes `escape(finalize(value))`,
    and `t(...)`, `tr(...)` to direct calls.

    Only where autoescaping is on at compile time and the environment has a
    finalize (ours returns Markup or "", which `escape` gives back unchanged).

    Jinja calls every function through `context.call`, and a function that takes
    the context, called inside a loop or a block, gets a context derived for the
    call (a copy holding the loop's variables): a page prints ~130 labels, many
    in loops. The label functions (`_PAGE_CONTEXT_CALLS`) read only the page's
    language, so where the name is the global (not a variable of the template
    of that name) they are called as `t(context, ...)`: the same result, unless
    the template sets `lang` itself (in a loop or a block, the derived context
    would hold it): such a template, or one that names `t` or `tr` anything,
    keeps Jinja's calls.
    """

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        # Names the template assigns or takes as parameters: `lang` (read by the label
        # functions) and the functions' own names keep Jinja's `context.call`.
        self._direct_calls = not any(
            name.ctx != "load" and name.name in _PAGE_CONTEXT_NAMES
            for name in node.find_all(nodes.Name)
        )
        super().visit_Template(node, frame)

    def visit_Output(self, node: nodes.Output, frame: Frame) -> None:
        """A template's output between two tags as one `yield` of the joined parts, where
        Jinja yields each part (a table row: nine yields, each a resume of the page's
        generator; ~6,000 an SOP's pages). Inside macros and blocks, which collect
        into a buffer, and under `extends`, Jinja's own code."""
        if frame.buffer is not None or frame.require_output_check:
            super().visit_Output(node, frame)
            return
        finalize = self._make_finalize()
        body = self._output_body(node, frame, finalize)
        if len(body) < 2:
            super().visit_Output(node, frame)
            return
        self.writeline("yield environment.concat((")
        self.indent()
        for item in body:
            if isinstance(item, list):  # constant text, joined at compile time
                self.writeline(self._output_const_repr(item) + ",")
                continue
            self.newline(item)
            self._output_child_pre(item, frame, finalize)
            self.visit(item, frame)
            self._output_child_post(item, frame, finalize)
            self.write(",")
        self.outdent()
        self.writeline("))")

    def _output_body(self, node: nodes.Output, frame: Frame, finalize: Any) -> list[Any]:
        """The parts of `node` as Jinja's `visit_Output` groups them: lists of constant
        text (evaluated now) and the expressions to evaluate when rendering."""
        body: list[Any] = []
        for child in node.nodes:
            try:
                if not (finalize.const or isinstance(child, nodes.TemplateData)):
                    raise nodes.Impossible()
                const = self._output_child_to_const(child, frame, finalize)
            except (nodes.Impossible, Exception):
                body.append(child)
                continue
            if body and isinstance(body[-1], list):
                body[-1].append(const)
            else:
                body.append([const])
        return body

    def visit_Call(self, node: nodes.Call, frame: Frame, forward_caller: bool = False) -> None:
        callee = node.node
        if forward_caller or not self._page_context_call(callee, frame):
            super().visit_Call(node, frame, forward_caller=forward_caller)
            return
        self.visit(callee, frame)
        self.write("(context")
        self.signature(node, frame)
        self.write(")")

    def _page_context_call(self, callee: nodes.Expr, frame: Frame) -> bool:
        """Whether `callee` is the global of a function of `_PAGE_CONTEXT_CALLS`."""
        if not isinstance(callee, nodes.Name) or callee.name not in _PAGE_CONTEXT_CALLS:
            return False
        if not getattr(self, "_direct_calls", False):
            return False
        environment = self.environment
        if environment.is_async or environment.sandboxed or callee.ctx != "load":
            return False
        load = frame.symbols.find_load(frame.symbols.ref(callee.name))
        function = environment.globals.get(callee.name)
        return load == (VAR_LOAD_RESOLVE, callee.name) and (
            function is _PAGE_CONTEXT_CALLS[callee.name]
        )

    def _finalized(self, frame: Frame, src: str | None) -> bool:
        return src is not None and frame.eval_ctx.autoescape and not frame.eval_ctx.volatile

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if self._finalized(frame, finalize.src):
            self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if self._finalized(frame, finalize.src):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


# The globals that read only the variables a page is rendered with (its language), never
# a loop's or a block's: their calls get the page's context itself (`_FinalizedOutput`).
_PAGE_CONTEXT_CALLS = {"t": _label, "tr": _translate}
# What they read of the context, and their names: a template assigning any of them
# keeps Jinja's calls (see `_FinalizedOutput`).
_PAGE_CONTEXT_NAMES = frozenset({"lang", *_PAGE_CONTEXT_CALLS})


@cache
def environment() -> Environment:
    """The shared template environment (templates in generator/site/templates)."""
    env = templating.environment("generator.site", autoescape=True, finalize=_finalize)
    env.code_generator_class = _FinalizedOutput
    env.template_class = _ReleasingTemplate
    env.globals.update(_PAGE_CONTEXT_CALLS)  # tr: any catalogue key, e.g. tr("pemantauan.judul")
    env.filters["href"] = _href
    env.filters["text"] = escape_text
    env.filters["ident"] = _identifier
    env.filters["yaml"] = yaml_string
    return env


def render_page(
    template: str, page_path: str, lang: str, link_style: str = "md", **context: Any
) -> str:
    """Render `template` as the page at `page_path` (a path relative to the docs folder)."""
    page = environment().get_template(template)
    values = {"page_path": page_path, "lang": lang, "link_style": link_style, **context}
    return render_releasing(page, values)


def render_releasing(page: Template, values: dict[str, Any]) -> str:
    """`page.render(values)` (the same text), leaving no reference cycle behind.

    A page that imports macros `with context` (`{% from "macros.j2" import ...
    with context %}`) gets its own module of them, whose context holds all of
    the page's values (an SOP's view and table: ~900 objects) and whose macros
    refer back to that context: a reference cycle, so the values waited for the
    cyclic collector, and every SOP page of a cold `sop generate` became
    garbage that the collector walked again and again. Each module made for
    this render (`_ReleasingTemplate`) has its context emptied afterwards, so
    reference counting frees the page's values at once. (The module a template
    keeps for imports without context is shared by every render: left alone.)
    """
    outer = getattr(_made, "modules", None)
    made: list[Context] = []
    _made.modules = made
    context = page.new_context(values)
    try:
        return page.environment.concat(page.root_render_func(context))  # type: ignore[arg-type]
    except Exception:
        page.environment.handle_exception()
    finally:
        for module in made:
            module.vars.clear()
            module.exported_vars.clear()
        _made.modules = outer


# The contexts of the macro modules made during this thread's current `render_releasing`.
_made = threading.local()


class _ReleasingTemplate(Template):
    """A template whose modules made for one render (given their values: an import
    `with context`) are noted, to be emptied when the render ends."""

    def make_module(
        self,
        vars: dict[str, Any] | None = None,
        shared: bool = False,
        locals: Mapping[str, Any] | None = None,
    ) -> TemplateModule:
        context = self.new_context(vars, shared, locals)
        made = getattr(_made, "modules", None)
        if vars is not None and made is not None:
            made.append(context)
        return TemplateModule(self, context)
