"""`sop report`: the register opens, its figures equal `sop check --format json`, and the
same input and date give the same bytes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.register.rows import COLUMNS

from .monitoring_project import monitoring_project
from .site_project import run_sop

KEYS = [key for key, _ in COLUMNS]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return monitoring_project(tmp_path_factory.mktemp("register") / "proyek")


@pytest.fixture(scope="module")
def written(project: Path) -> dict[str, bytes]:
    done = run_sop(
        project, "report", "--xlsx", "r.xlsx", "--csv", "r.csv", "--tanggal", "2026-12-01"
    )
    assert done.returncode == 0, done.stderr
    assert "Register ditulis: r.xlsx (3 SOP)" in done.stdout
    return {"xlsx": (project / "r.xlsx").read_bytes(), "csv": (project / "r.csv").read_bytes()}


def _sheet_rows(data: bytes) -> tuple[list[dict], object]:
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(KEYS, row, strict=True)) for row in rows[1:]], sheet


def test_register_figures_equal_check_json(project: Path, written: dict[str, bytes]):
    checked = run_sop(project, "check", "--format", "json", "--tanggal", "2026-12-01")
    data = json.loads(checked.stdout)
    rows, _sheet = _sheet_rows(written["xlsx"])
    assert [row["id"] for row in rows] == [s["id"] for s in data["sops"]]
    for row, sop in zip(rows, data["sops"], strict=True):
        assert row["nama"] == sop["nama"]
        assert row["langkah"] == sop["steps"]
        assert row["jalur_utama_menit"] == sop["main_path_minutes"]
        for key, severity in (("galat", "error"), ("peringatan", "warning"), ("info", "info")):
            expected = sum(
                f["path"] == sop["path"] and f["severity"] == severity for f in data["findings"]
            )
            assert row[key] == expected, (sop["id"], key)
        if "office_minutes" in sop:  # office and waiting time apart, once timing has them
            assert row["waktu_kantor_menit"] == sop["office_minutes"]
            assert row["waktu_tunggu_menit"] == sop["waiting_minutes"]
    by_id = {row["id"]: row for row in rows}
    kerjasama = by_id["pelayanan-kerjasama"]
    assert kerjasama["jalur_utama_menit"] == 1915
    assert kerjasama["evaluasi_terakhir"] == dt.datetime(2026, 6, 15)  # a date cell
    assert kerjasama["pemantauan_berikutnya"] == dt.datetime(2026, 12, 15)
    assert kerjasama["hasil_evaluasi"] == "6 dari 7 Ya"
    assert kerjasama["terlambat"] == "Tidak"
    assert by_id["inovasi-pelayanan"]["terlambat"] == "Ya"
    assert kerjasama["pembuatan"] == "2022"  # a year alone stays text


def test_register_layout(written: dict[str, bytes]):
    _rows, sheet = _sheet_rows(written["xlsx"])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:W{1 + 3}"
    assert sheet["A1"].value == "ID" and sheet["A1"].font.bold
    assert sheet.column_dimensions["C"].width == 44
    dates = [c for c in sheet["T"][1:] if c.value is not None]
    assert dates and all(c.is_date and c.number_format == "yyyy-mm-dd" for c in dates)


def test_register_bytes_do_not_depend_on_the_clock(project: Path, written: dict[str, bytes]):
    with zipfile.ZipFile(io.BytesIO(written["xlsx"])) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2026-12-01T00:00:00Z") == 2  # created and modified: the report's date
    again = run_sop(project, "report", "--xlsx", "r2.xlsx", "--tanggal", "2026-12-01")
    assert again.returncode == 0
    assert (project / "r2.xlsx").read_bytes() == written["xlsx"]


def test_register_csv(written: dict[str, bytes]):
    text = written["csv"].decode("utf-8")
    assert text.startswith("\ufeffID,Nomor SOP,Nama SOP,")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 4 and len(rows[0]) == len(COLUMNS)
    kerjasama = dict(zip(KEYS, rows[2], strict=True))
    assert kerjasama["id"] == "pelayanan-kerjasama"
    assert kerjasama["evaluasi_terakhir"] == "2026-06-15"
    assert kerjasama["jalur_utama_menit"] == "1915"


def test_text_from_yaml_never_becomes_a_formula(tmp_path: Path):
    project = monitoring_project(tmp_path / "p")
    path = project / "sops/pdip/inovasi-pelayanan.yaml"
    text = path.read_text("utf-8")
    path.write_text(
        text.replace("nama: Inovasi Pelayanan", 'nama: "=HYPERLINK(\\"http://x\\",\\"klik\\")"'),
        "utf-8",
    )
    done = run_sop(
        project, "report", "--xlsx", "r.xlsx", "--csv", "r.csv", "--tanggal", "2026-12-01"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    sheet = load_workbook(project / "r.xlsx").active
    cell = sheet["C2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert "'=HYPERLINK" in (project / "r.csv").read_text("utf-8-sig")


def test_report_needs_an_output(project: Path):
    done = run_sop(project, "report")
    assert done.returncode == 2 and "--xlsx" in done.stderr


def test_report_on_a_broken_folder_exits_1_with_positions(tmp_path: Path):
    project = monitoring_project(tmp_path / "p")
    (project / "sops/pemantauan/2026-1/rusak.yaml").write_text("sop: [\n", "utf-8")
    done = run_sop(project, "report", "--xlsx", "r.xlsx")
    assert done.returncode == 1
    assert "sops/pemantauan/2026-1/rusak.yaml:" in done.stdout + done.stderr
    # As `sop build`: one broken file never stops the register of the others.
    assert (project / "r.xlsx").exists()
