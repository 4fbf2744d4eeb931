"""A copy of the Palembang project with monitoring records, for the monitoring tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

from .site_project import copy_project

ANSWERS = textwrap.dedent(
    """\
    evaluasi:
      mendorong_kinerja: {jawaban: Ya}
      mudah_dipahami: {jawaban: ya, catatan: "Bahasa jelas"}
      mudah_dilaksanakan: {jawaban: Ya}
      peran_jelas: {jawaban: Tidak, catatan: "Peran <b>Instansi Terkait</b> belum jelas"}
      mengatasi_masalah: {jawaban: Ya}
      kebutuhan_organisasi: {jawaban: Ya}
      sinergi: {jawaban: Ya}
    pemantauan:
      - prosedur: "1"
        berjalan_baik: true
      - prosedur: "4"
        berjalan_baik: false
        catatan: Penandatanganan sering tertunda
        tindakan: Jadwalkan penandatanganan bersama
        paraf: true
    """
)


def record(sop_id: str, periode: str, tanggal: str, extra: str = "") -> str:
    """The text of a complete record."""
    head = (
        f"sop: {sop_id}\nperiode: {periode!r}\ntanggal: {tanggal}\n"
        "penilai: {jabatan: kabid_pdip, nama: Budi}\n"
    )
    return head + ANSWERS + extra


def monitoring_project(target: Path) -> Path:
    """The project, with records: kerjasama twice (recent), data once (old), inovasi never."""
    project = copy_project(target)
    folder = project / "sops" / "pemantauan"
    (folder / "2025-2").mkdir(parents=True)
    (folder / "2026-1").mkdir()
    (folder / "2025-1").mkdir()
    (folder / "2025-2" / "pelayanan-kerjasama.yaml").write_text(
        record("pelayanan-kerjasama", "2025-2", "2025-11-20"), "utf-8"
    )
    (folder / "2026-1" / "pelayanan-kerjasama.yaml").write_text(
        record("pelayanan-kerjasama", "2026-1", "2026-06-15", "kesimpulan: Tetap berlaku\n"),
        "utf-8",
    )
    (folder / "2025-1" / "pemanfaatan-data-dan-dokumen.yaml").write_text(
        record("pemanfaatan-data-dan-dokumen", "2025-1", "2025-03-01"), "utf-8"
    )
    return project
