"""The map of processes (peta-proses/): SOPs by Bidang, keterkaitan as arrows, links to pages."""

from __future__ import annotations

import html
import re

from generator.site.process_map import PROCESS_MAP_PAGE

from .conftest import MINIMAL_SOP
from .test_site import build


def test_map_draws_every_sop_linked_and_the_ones_outside_dashed(sops_dir):
    (sops_dir / "pertama.yaml").write_text(MINIMAL_SOP, encoding="utf-8")
    linked = MINIMAL_SOP.replace(
        "nama: Contoh Layanan",
        "nama: Kedua\nketerkaitan: [{sop: pertama}, {sop: belum-ditulis}, SOP Arsip Lama]",
    )
    (sops_dir / "kedua.yaml").write_text(linked, encoding="utf-8")
    page = build(sops_dir, link_style="directory")[PROCESS_MAP_PAGE]
    svg = html.unescape(page[page.index("<svg") : page.index("</svg>")])
    # One node per SOP, each a link to its page (relative to peta-proses/).
    links = dict(re.findall(r'<g id="a_peta-([a-z-]+)"><a xlink:href="([^"]+)"', svg))
    assert links == {"pertama": "../sop/pertama/", "kedua": "../sop/kedua/"}
    # The Bidang is a cluster around them.
    assert re.search(r'<g id="clust1" class="cluster">', svg)
    # The arrow kedua -> pertama; the two SOPs not on the site, dashed, said so.
    assert svg.count('class="edge"') == 3
    assert svg.count("belum ada di situs ini") == 2
    assert "belum-ditulis" in svg
    assert "SOP Arsip Lama" in svg
    block = page[page.index('<div class="sop-scroll sop-peta">') : page.index("</div>")]
    assert "\n\n" not in block  # one HTML block: Markdown leaves the SVG alone
    assert "(2 SOP, 1 keterkaitan di situs ini, 2 SOP di luar situs ini)" in page


def test_map_is_in_the_navigation(sops_dir):
    (sops_dir / "satu.yaml").write_text(MINIMAL_SOP, encoding="utf-8")
    page = build(sops_dir)[PROCESS_MAP_PAGE]
    assert page.startswith("---\ntitle: ") and "# Peta Proses" in page
