"""Monitoring and evaluation records: loading with positions, due dates, `sop pantau`,
the date-bound rules on the CLI, and the site's Pemantauan page and SOP section."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from generator.check import run_checks
from generator.loader import load_repository
from generator.model import Repository
from generator.monitoring.status import add_months, cycles, reference_date
from generator.site.pages import SiteOptions, generate_site

from .monitoring_project import monitoring_project, record
from .site_project import run_sop

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return monitoring_project(tmp_path_factory.mktemp("pantau") / "proyek")


def _repository(project: Path) -> Repository:
    result = load_repository(project / "sops")
    assert result.problems == () or all(p.severity.value != "galat" for p in result.problems)
    assert result.repository is not None
    return result.repository


def test_add_months_keeps_month_ends():
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 1, 15), -6) == dt.date(2025, 7, 15)


def test_records_load_and_are_not_read_as_sops(project: Path):
    repository = _repository(project)
    assert [e.id for e in repository.sops] == [
        "inovasi-pelayanan",
        "pelayanan-kerjasama",
        "pemanfaatan-data-dan-dokumen",
    ]
    records = repository.records_of("pelayanan-kerjasama")
    assert [r.record.periode for r in records] == ["2025-2", "2026-1"]
    assert records[-1].record.evaluasi.count_ya == 6


def test_cycle_overdue_first_and_due_dates(project: Path):
    found = cycles(_repository(project), TODAY)
    assert [(c.entry.id, c.overdue, c.next_due) for c in found] == [
        ("inovasi-pelayanan", True, dt.date(2022, 7, 1)),
        ("pemanfaatan-data-dan-dokumen", True, dt.date(2025, 9, 1)),
        ("pelayanan-kerjasama", False, dt.date(2026, 12, 15)),
    ]


def test_rules_fire_as_of_the_given_date(project: Path):
    repository = _repository(project)
    late = run_checks(repository, today=TODAY)
    overdue = sorted(
        Path(f.position.path).name for f in late.findings if f.rule == "pemantauan-terlambat"
    )
    assert overdue == ["inovasi-pelayanan.yaml", "pemanfaatan-data-dan-dokumen.yaml"]
    early = run_checks(repository, today=dt.date(2025, 4, 1))
    assert sum(f.rule == "pemantauan-terlambat" for f in early.findings) == 1  # inovasi only


def test_bad_record_reports_file_line_column(tmp_path: Path):
    project = monitoring_project(tmp_path / "p")
    bad = project / "sops/pemantauan/2026-1/inovasi-pelayanan.yaml"
    bad.write_text(
        record("inovasi-pelayanan", "2026-3", "2026-06-31").replace(
            "jawaban: Ya}", "jawaban: Yes}", 1
        ),
        "utf-8",
    )
    done = run_sop(project, "check", "--tanggal", "2026-12-01")
    assert done.returncode == 1
    shown = "sops/pemantauan/2026-1/inovasi-pelayanan.yaml"
    assert f"{shown}:2:10: galat" in done.stdout  # periode 2026-3
    assert f"{shown}:3:10: galat" in done.stdout  # 31 June
    assert f"{shown}:6:32: galat" in done.stdout  # Yes
    assert "Traceback" not in done.stdout + done.stderr


def test_record_naming_unknown_sop_or_jabatan(tmp_path: Path):
    project = monitoring_project(tmp_path / "p")
    (project / "sops/pemantauan/2026-1/salah.yaml").write_text(
        record("pelayanan-kerjasma", "2026-1", "2026-06-01").replace("kabid_pdip", "kabid"),
        "utf-8",
    )
    done = run_sop(project, "check", "--format", "json", "--tanggal", "2026-12-01")
    found = [f for f in json.loads(done.stdout)["findings"] if f["rule"] == "pemantauan-rujukan"]
    assert [(f["line"], f["column"]) for f in found] == [(1, 6), (4, 20)]
    assert "pelayanan-kerjasama" in found[0]["hint"]
    assert "kabid_pdip" in found[1]["hint"]


@pytest.mark.slow
def test_pantau_writes_a_form_that_fails_until_filled(tmp_path: Path):
    project = monitoring_project(tmp_path / "p")
    made = run_sop(project, "pantau", "inovasi-pelayanan", "--tanggal", "2026-11-20")
    assert made.returncode == 0, made.stderr
    target = project / "sops/pemantauan/2026-2/inovasi-pelayanan.yaml"
    text = target.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../docs/schema/pemantauan")
    assert "Sinergi satu dengan lainnya" in text
    again = run_sop(project, "pantau", "inovasi-pelayanan", "--tanggal", "2026-11-20")
    assert again.returncode == 2 and "tidak pernah menimpa" in again.stderr
    assert target.read_text("utf-8") == text
    blank = run_sop(project, "check", "--tanggal", "2026-12-01")
    assert blank.returncode == 1 and "2026-2/inovasi-pelayanan.yaml:17:13: galat" in blank.stdout
    filled = text.replace("jawaban:    # ya atau tidak", "jawaban: ya").replace(
        "berjalan_baik:    # true (berjalan dengan baik) atau false", "berjalan_baik: true"
    )
    target.write_text(filled, "utf-8")
    done = run_sop(project, "check", "--format", "json", "--tanggal", "2026-12-01")
    rules = [f["rule"] for f in json.loads(done.stdout)["findings"]]
    assert done.returncode == 0, done.stdout
    assert rules.count("pemantauan-terlambat") == 1  # only pemanfaatan-data now
    unknown = run_sop(project, "pantau", "inovasi-pelayanann")
    assert unknown.returncode == 2 and "inovasi-pelayanan" in unknown.stderr


def test_reference_date_never_reads_the_clock(project: Path):
    repository = _repository(project)
    assert reference_date(repository, {}) == dt.date(2026, 6, 15)  # the newest record
    assert reference_date(repository, {"SOURCE_DATE_EPOCH": "1796083200"}) == dt.date(2026, 12, 1)


def test_site_pages_show_the_cycle(project: Path):
    repository = _repository(project)
    report = run_checks(repository, today=TODAY)
    files = generate_site(repository, report, {}, SiteOptions(today=TODAY, register="r.xlsx"))
    page = files["pemantauan.md"]
    assert isinstance(page, str)
    rows = page.split("<tbody>")[2]
    order = [rows.index(name) for name in ("Inovasi", "Pemanfaatan", "Pelayanan Kerjasama")]
    assert order == sorted(order)  # overdue first
    counts = "<td>3</td><td>3</td><td>1</td><td>2</td>"  # SOPs, in force, monitored, late
    assert f"<td>Bidang Pemanfaatan Data dan Inovasi Pelayanan</td>{counts}" in page
    assert "2026-12-15" in page and 'href="r.xlsx"' in page
    sop_page = files["sop/pelayanan-kerjasama/index.md"]
    assert isinstance(sop_page, str)
    assert "Pemantauan terakhir 2026-06-15 (periode 2026-1)" in sop_page
    assert "Peran &#60;b&#62;Instansi Terkait&#60;/b&#62; belum jelas" in sop_page  # escaped
    assert "Riwayat pemantauan (2 catatan)" in sop_page
    other = files["sop/inovasi-pelayanan/index.md"]
    assert isinstance(other, str) and "Belum ada catatan pemantauan" in other
    again = generate_site(repository, report, {}, SiteOptions(today=TODAY, register="r.xlsx"))
    assert again == files


def test_without_records_folder_the_rule_waits(tmp_path: Path):
    project = monitoring_project(tmp_path / "p")
    shutil.rmtree(project / "sops/pemantauan")
    repository = _repository(project)
    assert repository.pemantauan is None
    assert not [f for f in run_checks(repository, today=TODAY).findings if "pemantauan" in f.rule]
