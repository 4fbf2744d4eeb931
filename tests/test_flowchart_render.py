"""Rendering flowcharts: hostile text, same bytes every time, accessible SVG,
the content-hash cache and the two engines (embedded and system `dot`)."""

from __future__ import annotations

import json
import random
import re
import shutil
import textwrap
from pathlib import Path
from xml.etree import ElementTree

import pytest

from generator.flowchart import (
    Engine,
    EngineError,
    FlowchartCache,
    FlowchartOptions,
    flowchart_dot,
    flowchart_svg,
    flowchart_svgs,
)
from generator.flowchart.render import render
from generator.flowchart.text import dot_label, normalise, wrap
from generator.store import Store

from .test_flowchart import lay_out, make_sop, organisasi, seed, synthetic_sop

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = (
    'Kutip " miring \\ kurawal {x} <b>tebal</b> ; a -> b [color=red] }\n'
    "🚀 <script> alert(1) </script>"
)
HOSTILE_NAMES = 'SOP "x" } digraph { injected -> node; <script>'


def hostile_sop():
    return make_sop(
        ["staf", "kasi_kerjasama"],
        [
            {"kegiatan": HOSTILE, "pelaksana": "staf", "waktu": '1 "hari" \\n'},
            {
                "kegiatan": "Memeriksa",
                "pelaksana": "kasi_kerjasama",
                "pertanyaan": "<i>Lengkap?</i>",
                "jawaban": {"<b>Ya</b>": "lanjut", 'Tidak"; x -> y; "': 1},
            },
            {"kegiatan": "\\N \\G \\L \\l", "pelaksana": "kasi_kerjasama"},
        ],
        nama=HOSTILE_NAMES,
        nomor="<1>",
    )


# -- Text ----------------------------------------------------------------------------


def test_wrap_respects_the_width_and_splits_long_words():
    lines = wrap("Memeriksa   berkas\tdan\nkelengkapan perjanjian kerjasama", 12)
    assert lines == ["Memeriksa", "berkas dan", "kelengkapan", "perjanjian", "kerjasama"]
    assert wrap("x" * 30, 12) == ["x" * 12, "x" * 12, "x" * 6]
    assert wrap("  ", 10) == []


def test_wrap_breaks_lines_exactly_where_textwrap_does():
    # The fast greedy wrap must give textwrap's lines (break_long_words, no hyphen
    # breaks) for any text: short and long words, words longer than a line after a
    # short one, widths down to one character.
    rnd = random.Random(18)
    alphabet = "ab cde-  \xa0xyz\u00e9\t\n"
    for _ in range(20_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        width = rnd.randint(1, 12)
        clean = normalise(text)
        expected = textwrap.wrap(clean, width=width, break_on_hyphens=False) if clean else []
        assert wrap(text, width) == expected, (text, width)


def test_normalise_removes_control_characters():
    assert normalise("a\x00b\x1b[31mc\r\n d") == "ab[31mc d"


def test_dot_label_makes_backslashes_and_angle_brackets_literal():
    label = dot_label(["<b>x</b>", "a\\nb"])
    assert label == "<b>x</b>\\na\\\\nb"
    assert type(label).__name__ == "NoHtml"


# -- Hostile text ---------------------------------------------------------------------


def test_hostile_text_is_escaped_in_dot_and_drawn_literally():
    sop = hostile_sop()
    (source,) = flowchart_dot(sop, organisasi(), name=HOSTILE_NAMES)
    page = lay_out(source)  # parses: nothing broke the DOT
    steps = {name for name in page.nodes if re.fullmatch(r"s\d+(__\d+)?|start|end", name)}
    assert steps == {"s1", "s2", "s3"}  # nothing injected (the capsules sit on s1 and s3)
    assert not {"injected", "x", "y", "a", "b"} & set(page.nodes)
    drawn_text = " ".join(page.text("s1"))
    assert "<b>tebal</b>" in drawn_text and "🚀" in drawn_text and "{x}" in drawn_text
    assert 'Kutip " miring \\ kurawal' in drawn_text
    assert page.text("s3") == ["3. \\N \\G \\L \\l"]  # escapes stay literal text
    assert "".join(page.text("s2")).endswith("<i>Lengkap?</i>")  # the question, literally
    assert ("s2", "s3", "<b>Ya</b>") in page.arrows()
    assert ("s2", "s1", 'Tidak"; x -> y; "') in page.arrows()


def test_hostile_text_cannot_inject_into_the_svg():
    svg = flowchart_svg(hostile_sop(), organisasi(), name=HOSTILE_NAMES)[0]
    assert b"<script" not in svg
    root = ElementTree.fromstring(svg)  # well-formed XML
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "🚀 <script> alert(1) </script>" in texts  # the whole text, as text
    assert root.find(f"{SVG}title").text.startswith("Diagram alir: SOP")


# -- Same input, same bytes ---------------------------------------------------------


def test_same_input_gives_the_same_bytes():
    sop = seed("pelayanan-kerjasama")
    first = flowchart_svg(sop, organisasi(), name="k")
    second = flowchart_svg(seed("pelayanan-kerjasama"), organisasi(), name="k")
    assert first == second
    assert flowchart_dot(sop, organisasi()) == flowchart_dot(sop, organisasi())


# -- Accessible SVG -------------------------------------------------------------------


def test_svg_has_title_and_desc_for_screen_readers():
    svg = flowchart_svg(seed("pelayanan-kerjasama"), organisasi(), name="pelayanan-kerjasama")[0]
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img"
    children = list(root)
    assert children[0].tag == f"{SVG}title" and children[1].tag == f"{SVG}desc"
    assert children[0].text == "Diagram alir: Pelayanan Kerjasama (470/ /SOP/DKPS/2022)"
    desc = children[1].text
    assert "jalur pelaksana: Staf, Kasi Kerjasama, Kepala Bidang" in desc
    assert (
        "7. Penandatanganan Kerjasama dengan Pihak Terkait. (Kepala Dinas, Instansi Terkait)"
        in desc
    )
    assert "Ya → 3; Tidak → 1" in desc
    english = flowchart_svg(seed("pelayanan-kerjasama"), organisasi(), lang="en")[0]
    assert b"<title>Flowchart: Pelayanan Kerjasama" in english


def test_pages_have_their_number_in_the_title():
    pages = flowchart_svg(
        seed("pelayanan-kerjasama"), organisasi(), options=FlowchartOptions(max_rows=5)
    )
    assert len(pages) == 2
    titles = [ElementTree.fromstring(svg).find(f"{SVG}title").text for svg in pages]
    assert titles[1].endswith("Halaman 2 dari 2")


# -- Cache ----------------------------------------------------------------------------


def test_cache_renders_only_what_changed(tmp_path: Path):
    sops = [("a", seed("pelayanan-kerjasama")), ("b", seed("inovasi-pelayanan"))]
    cache = FlowchartCache(Store(tmp_path / "cache"))
    first = flowchart_svgs(sops, organisasi(), cache=cache)
    assert (cache.hits, cache.misses) == (0, 2)
    assert len([p for p in (tmp_path / "cache" / "flowchart").rglob("*") if p.is_file()]) == 2

    again = FlowchartCache(Store(tmp_path / "cache"))
    assert flowchart_svgs(sops, organisasi(), cache=again) == first
    assert (again.hits, again.misses) == (2, 0)

    changed = seed("inovasi-pelayanan").model_copy(update={"nama": "Inovasi Pelayanan Baru"})
    third = FlowchartCache(Store(tmp_path / "cache"))
    flowchart_svgs([sops[0], ("b", changed)], organisasi(), cache=third)
    assert (third.hits, third.misses) == (1, 1)


def test_the_cache_key_depends_on_every_part():
    parts = ("a", "id", "options", "1.0", "{}", "{}")
    assert FlowchartCache.key(*parts) == FlowchartCache.key(*parts)
    for index in range(len(parts)):
        changed = list(parts)
        changed[index] += " "
        assert FlowchartCache.key(*changed) != FlowchartCache.key(*parts)


def test_a_broken_cache_entry_is_rendered_again(tmp_path: Path):
    sops = [("a", seed("pelayanan-kerjasama"))]
    flowchart_svgs(sops, organisasi(), cache=FlowchartCache(Store(tmp_path)))
    for output in (tmp_path / "flowchart").rglob("*"):
        if output.is_file():
            output.write_bytes(output.read_bytes()[:100])
    cache = FlowchartCache(Store(tmp_path))
    assert b"<svg" in flowchart_svgs(sops, organisasi(), cache=cache)[0][0]
    assert cache.misses == 1


def test_batch_in_worker_processes_matches_one_by_one(tmp_path: Path):
    sops = [(f"s{n}", synthetic_sop(n)) for n in range(16)]
    together = flowchart_svgs(sops, organisasi(), cache=FlowchartCache(Store(tmp_path)), workers=2)
    alone = [flowchart_svg(sop, organisasi(), name=name) for name, sop in sops[:3]]
    assert together[:3] == alone
    assert len(together) == 16


# -- Engines --------------------------------------------------------------------------


def test_graphviz_errors_become_engine_errors():
    with pytest.raises(EngineError) as caught:
        render("digraph { a -> }")
    assert caught.value.key == "render_failed"
    assert "Graphviz gagal" in caught.value.message("id")


def test_missing_system_dot_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH without Graphviz
    options = FlowchartOptions(engine=Engine.SYSTEM)
    with pytest.raises(EngineError) as caught:
        flowchart_svg(seed("pelayanan-kerjasama"), organisasi(), options=options)
    error = caught.value
    assert error.key == "system_missing"
    assert "'dot'" in error.message("id") and "apt-get install graphviz" in error.hint("id")
    assert "not on the PATH" in error.message("en") and "--engine embedded" in error.hint("en")


def structure(source: str, engine: Engine) -> tuple[set[str], set[tuple[str, str]]]:
    data = json.loads(render(source, engine, fmt="json"))
    objects = data["objects"]
    names = {o["name"] for o in objects if "nodes" not in o}
    edges = {(objects[e["tail"]]["name"], objects[e["head"]]["name"]) for e in data["edges"]}
    return names, edges


@pytest.mark.skipif(shutil.which("dot") is None, reason="system Graphviz (dot) not installed")
@pytest.mark.parametrize("sop_id", ["pelayanan-kerjasama", "pemanfaatan-data-dan-dokumen"])
def test_both_engines_draw_the_same_structure(sop_id: str):
    (source,) = flowchart_dot(seed(sop_id), organisasi())
    assert structure(source, Engine.SYSTEM) == structure(source, Engine.EMBEDDED)
    system = lay_out_with(source, Engine.SYSTEM)
    headers = sorted((n for n in system if n.startswith("lane")), key=lambda n: system[n][0])
    assert headers == [f"lane{i}" for i in range(len(seed(sop_id).pelaksana))]
    svg = flowchart_svg(seed(sop_id), organisasi(), options=FlowchartOptions(engine=Engine.SYSTEM))
    assert ElementTree.fromstring(svg[0]).find(f"{SVG}desc") is not None


def lay_out_with(source: str, engine: Engine) -> dict[str, tuple[float, float]]:
    data = json.loads(render(source, engine, fmt="json"))
    return {
        o["name"]: tuple(float(v) for v in o["pos"].split(","))
        for o in data["objects"]
        if "pos" in o and "nodes" not in o
    }
