"""The evaluation sheet: seven questions with checker evidence, never pre-ticked."""

from __future__ import annotations

import pytest

from generator.check import run_checks
from generator.loader import load_repository
from generator.review.evaluation import evaluation_markdown, evaluation_questions
from generator.review.render import markdown_escape

from .conftest import SOPS


def sheet_for(sop_id: str):
    repository = load_repository(SOPS).repository
    report = run_checks(repository)
    [sop_report] = [r for r in report.sops if r.entry.id == sop_id]
    findings = [f for f in report.findings if f.position.path == sop_report.entry.path]
    calendar = repository.pengaturan.kalender_kerja.calendar()
    return sop_report, findings, repository, calendar


def test_seven_questions_with_evidence_from_the_checker():
    questions = evaluation_questions(*sheet_for("pemanfaatan-data-dan-dokumen"), "id")
    assert [q.number for q in questions] == [1, 2, 3, 4, 5, 6, 7]
    assert questions[3].text == "Semua orang dapat menjalankan perannya masing-masing"
    assert "7 pelaksana" in questions[3].evidence[0]
    assert questions[2].evidence == ("1 temuan: Langkah tanpa output",)  # no rule id
    assert questions[4].evidence[0] == "3 keputusan, 3 panah balik untuk perbaikan dokumen"
    assert questions[0].evidence == ("belum ada standar waktu; jalur utama 26 hari 1 jam",)


def test_sheet_is_never_pre_ticked_and_lists_every_step():
    text = evaluation_markdown(*sheet_for("inovasi-pelayanan"), "id")
    assert text.count("<td>☐</td><td>☐</td>") == 7
    assert "☑" not in text and "☒" not in text
    assert text.count("☐ Berjalan baik ☐ Tidak berjalan dengan baik") == 5  # 6 rows minus the end


def test_hostile_step_text_is_escaped_in_the_sheet(tmp_path):
    import shutil

    folder = tmp_path / "sops"
    shutil.copytree(SOPS, folder)
    target = folder / "pdip" / "inovasi-pelayanan.yaml"
    text = target.read_text("utf-8").replace(
        "Penyusunan rencana program inovasi pelayanan", "Menyusun <script>x</script> | `y`"
    )
    target.write_text(text, "utf-8")
    repository = load_repository(folder).repository
    report = run_checks(repository)
    [sop_report] = [r for r in report.sops if r.entry.id == "inovasi-pelayanan"]
    sheet = evaluation_markdown(
        sop_report, [], repository, repository.pengaturan.kalender_kerja.calendar(), "id"
    )
    # The site's escaper: numeric references, so neither HTML nor a table cell opens.
    assert (
        "<script>" not in sheet and "&#60;script&#62;x&#60;/script&#62; &#124; &#96;y&#96;" in sheet
    )


def test_hostile_text_stays_text():
    assert markdown_escape("a | b <script>`x`</script> *y* {{ z }}") == (
        "a \\| b &lt;script&gt;\\`x\\`&lt;/script&gt; \\*y\\* &#123;&#123; z &#125;&#125;"
    )


@pytest.mark.slow
def test_the_site_has_an_evaluation_page_per_sop_linked_from_it():
    from generator.site.flowcharts import draw_flowcharts  # noqa: F401 - site importable
    from generator.site.pages import SiteOptions, generate_site

    repository = load_repository(SOPS).repository
    files = generate_site(repository, run_checks(repository), {}, SiteOptions())
    page = files["sop/pelayanan-kerjasama/evaluasi.md"]
    assert "# Lembar Evaluasi SOP: Pelayanan Kerjasama" in page
    assert page.count("<td>☐</td><td>☐</td>") == 7
    assert "evaluasi.md" in files["sop/pelayanan-kerjasama/index.md"]
