"""Every loader error names the file, line and column, and says how to fix it.

Each case writes one bad SOP file next to the real registries and expects the
exact problems, rendered as the author sees them (`path:line:column: ...`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.loader import load_repository
from generator.problems import Problem, Severity
from generator.yamlsource import MAX_FILE_BYTES

from .conftest import MINIMAL_SOP


def summary(problem: Problem) -> str:
    """Position, severity, message and code of a problem, in one line (Indonesian)."""
    return f"{problem.position}: galat: {problem.message('id')} [{problem.code}]"


def problems_of(sops_dir: Path, name: str, content: bytes | str) -> list[str]:
    target = sops_dir / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    target.write_bytes(content)
    result = load_repository(sops_dir)
    assert all(p.severity is Severity.ERROR for p in result.problems)
    return [summary(p) for p in result.problems]


CASES = [
    pytest.param(
        "nama: Contoh\nunit: [\n",
        [
            "sops/x.yaml:3:1: galat: penulisan YAML salah: expected the node content, "
            "but found '<stream end>' [loader.yaml_syntax]"
        ],
        id="yaml-syntax",
    ),
    pytest.param(
        "nama: Contoh\n\tunit: x\n",
        ["sops/x.yaml:2:1: galat: karakter tab dipakai untuk indentasi [loader.tab]"],
        id="tab",
    ),
    pytest.param(
        MINIMAL_SOP.replace("    waktu: 15 menit\n", "    waktu: 15 menit\n    waktu: 20 menit\n"),
        [
            "sops/x.yaml:10:5: galat: kunci 'waktu' ditulis dua kali "
            "(pertama di baris 9, kolom 5) [loader.duplicate_key]"
        ],
        id="duplicate-key",
    ),
    pytest.param(
        # A new author forgets the "- " before a new step: the step's keys then repeat
        # those of the step above. One problem, which names the missing dash (not
        # "delete one of them", which would delete a step).
        MINIMAL_SOP.replace("  - kegiatan: Memeriksa berkas\n", "    kegiatan: Memeriksa berkas\n"),
        [
            "sops/x.yaml:10:5: galat: kunci 'kegiatan' ditulis dua kali dalam satu langkah "
            "(pertama di baris 7): tanda '- ' di depan langkah baru terlupa? "
            "[loader.duplicate_step]"
        ],
        id="new-step-without-dash",
    ),
    pytest.param(
        MINIMAL_SOP.replace("nama:", "nomr: 1\nnama:"),
        [
            "sops/x.yaml:1:1: galat: kunci 'nomr' tidak dikenal; "
            "mungkin maksudnya 'nomor'? [loader.unknown_key_suggest]"
        ],
        id="unknown-key-did-you-mean",
    ),
    pytest.param(
        MINIMAL_SOP.replace("    waktu: 30 menit\n", "    wakktu: 30 menit\n"),
        [
            "sops/x.yaml:12:5: galat: kunci 'wakktu' tidak dikenal; "
            "mungkin maksudnya 'waktu'? [loader.unknown_key_suggest]"
        ],
        id="unknown-key-in-step",
    ),
    pytest.param(
        MINIMAL_SOP.replace(
            "  - kegiatan: Memeriksa berkas\n", "  - kegiatan_x: Memeriksa berkas\n"
        ),
        [
            "sops/x.yaml:10:5: galat: isian wajib 'kegiatan' belum ada di prosedur[2] "
            "[loader.missing_field]",
            "sops/x.yaml:10:5: galat: kunci 'kegiatan_x' tidak dikenal; "
            "mungkin maksudnya 'kegiatan'? [loader.unknown_key_suggest]",
        ],
        id="missing-field",
    ),
    pytest.param(
        MINIMAL_SOP.replace("nama: Contoh Layanan\n", ""),
        ["sops/x.yaml:1:1: galat: isian wajib 'nama' belum ada [loader.missing_top_field]"],
        id="missing-top-field",
    ),
    pytest.param(
        MINIMAL_SOP.replace("      - kegiatan: Menyiapkan berkas\n".strip(), "- kegiatan: [a, b]"),
        [
            "sops/x.yaml:7:15: galat: nilai prosedur[1].kegiatan = [...] tidak sesuai: "
            "seharusnya teks [loader.wrong_value]"
        ],
        id="wrong-type-list-for-text",
    ),
    pytest.param(
        MINIMAL_SOP + "status: aktif\n",
        [
            'sops/x.yaml:13:9: galat: nilai status = "aktif" tidak sesuai: seharusnya '
            "salah satu dari 'draf', 'berlaku' [loader.wrong_value]"
        ],
        id="wrong-enum",
    ),
    pytest.param(
        MINIMAL_SOP + "tanggal:\n  efektif: 2022-13-01\n",
        [
            'sops/x.yaml:14:12: galat: nilai tanggal.efektif = "2022-13-01" tidak sesuai: '
            "seharusnya tanggal (2022, 2022-03, 03/2022, 2022-03-15, 15-03-2022 atau "
            "15 Maret 2022) "
            "[loader.wrong_value]"
        ],
        id="wrong-date",
    ),
    pytest.param(
        MINIMAL_SOP.replace(
            "pelaksana: [staf, kasi_kerjasama]", "pelaksana: [staf, kasi_kerjasma]"
        ),
        [
            "sops/x.yaml:5:19: galat: jabatan 'kasi_kerjasma' tidak dikenal; "
            "mungkin maksudnya 'kasi_kerjasama'? [loader.unknown_id_suggest]"
        ],
        id="unknown-role",
    ),
    pytest.param(
        MINIMAL_SOP.replace("    pelaksana: staf\n", "    pelaksana: Kabid\n"),
        [
            "sops/x.yaml:8:16: galat: 'Kabid' adalah nama jabatan, bukan id-nya "
            "[loader.role_by_name]"
        ],
        id="role-by-alias",
    ),
    pytest.param(
        MINIMAL_SOP + "dasar_hukum:\n  - uu-23-2006\n  - uu-23-2060\n",
        [
            "sops/x.yaml:15:5: galat: peraturan 'uu-23-2060' tidak dikenal; "
            "mungkin maksudnya 'uu-23-2006'? [loader.unknown_id_suggest]"
        ],
        id="unknown-regulation",
    ),
    pytest.param(
        MINIMAL_SOP.replace("  seksi: kerjasama", "  seksi: kerja_sama"),
        [
            "sops/x.yaml:4:10: galat: seksi 'kerja_sama' tidak dikenal; "
            "mungkin maksudnya 'kerjasama'? [loader.unknown_id_suggest]"
        ],
        id="unknown-seksi",
    ),
    pytest.param(
        MINIMAL_SOP + "keterkaitan:\n  - sop: tidak-ada\n",
        ["sops/x.yaml:14:10: galat: sop 'tidak-ada' tidak dikenal [loader.unknown_id]"],
        id="unknown-linked-sop",
    ),
    pytest.param(
        "nama: !!python/object/apply:os.system [echo hi]\n" + MINIMAL_SOP.split("\n", 1)[1],
        [
            "sops/x.yaml:1:7: galat: tag YAML '!!python/object/apply:os.system' "
            "tidak diizinkan [loader.unsafe_tag]",
            "sops/x.yaml:1:7: galat: nilai nama = [...] tidak sesuai: seharusnya teks "
            "[loader.wrong_value]",
        ],
        id="unsafe-tag",
    ),
    pytest.param(
        "nama: Contoh\nkegiatan: caf\xe9\n".encode("latin-1"),
        [
            "sops/x.yaml:2:14: galat: berkas bukan teks UTF-8 (bita 0xe9 tidak sah) "
            "[loader.not_utf8]"
        ],
        id="not-utf8",
    ),
    pytest.param(
        "",
        ["sops/x.yaml:1:1: galat: berkas kosong [loader.empty]"],
        id="empty",
    ),
    pytest.param(
        "# hanya komentar\n\n",
        ["sops/x.yaml:1:1: galat: berkas kosong [loader.empty]"],
        id="only-comments",
    ),
    pytest.param(
        "- nama: a\n- nama: b\n",
        [
            "sops/x.yaml:1:1: galat: isi berkas harus berupa pemetaan ('kunci: nilai'), "
            "bukan daftar atau teks [loader.not_mapping]"
        ],
        id="list-not-mapping",
    ),
    pytest.param(
        "a: &x [1, 2]\nb: [*x, *x]\n",
        ["sops/x.yaml:2:5: galat: anchor/alias YAML ('&' dan '*') tidak didukung [loader.alias]"],
        id="alias-bomb",
    ),
    pytest.param(
        MINIMAL_SOP + "---\nnama: lagi\n",
        [
            "sops/x.yaml:13:1: galat: berkas berisi lebih dari satu dokumen YAML ('---') "
            "[loader.many_documents]"
        ],
        id="two-documents",
    ),
]


CASES += [
    pytest.param(
        "nama: Layanan: Cepat\n",
        ["sops/x.yaml:1:14: galat: tanda ':' di tempat yang tidak boleh [loader.yaml_colon]"],
        id="yaml-colon-in-value",
    ),
    pytest.param(
        "unit:\n  bidang: pdip\n seksi: kerjasama\n",
        [
            "sops/x.yaml:3:2: galat: indentasi baris ini tidak sejajar dengan bagian yang "
            "dimulai di 1:1 [loader.yaml_indent]"
        ],
        id="yaml-indentation",
    ),
    pytest.param(
        'nama: "Layanan\nunit: x\n',
        [
            "sops/x.yaml:3:1: galat: tanda kutip yang dibuka di 1:7 tidak ditutup "
            "[loader.yaml_quote]"
        ],
        id="yaml-unclosed-quote",
    ),
    pytest.param(
        "pelaksana: [staf, kadis\nnama: x\n",
        [
            "sops/x.yaml:2:5: galat: daftar '[' yang dibuka di 1:12 tidak ditutup, atau komanya "
            "hilang [loader.yaml_bracket]"
        ],
        id="yaml-unclosed-bracket",
    ),
    pytest.param(
        "unit: {bidang: pdip\n",
        [
            "sops/x.yaml:2:1: galat: pemetaan '{' yang dibuka di 1:7 tidak ditutup, atau komanya "
            "hilang [loader.yaml_brace]"
        ],
        id="yaml-unclosed-brace",
    ),
    pytest.param(
        "nama: @layanan\n",
        ["sops/x.yaml:1:7: galat: nilai tidak boleh diawali karakter '@' [loader.yaml_char]"],
        id="yaml-bad-first-character",
    ),
]


@pytest.mark.parametrize(("content", "expected"), CASES)
def test_bad_input_is_reported_exactly(sops_dir: Path, content, expected):
    assert problems_of(sops_dir, "x.yaml", content) == expected


def test_bom_is_accepted(sops_dir: Path):
    assert problems_of(sops_dir, "x.yaml", b"\xef\xbb\xbf" + MINIMAL_SOP.encode()) == []


def test_file_too_large(sops_dir: Path):
    content = MINIMAL_SOP + "# " + "x" * MAX_FILE_BYTES + "\n"
    [line] = problems_of(sops_dir, "x.yaml", content)
    assert line.startswith("sops/x.yaml:1:1: galat: berkas terlalu besar")


def test_bad_file_name(sops_dir: Path):
    assert problems_of(sops_dir, "Layanan Baru.yaml", MINIMAL_SOP) == [
        "sops/Layanan Baru.yaml:1:1: galat: nama berkas 'Layanan Baru.yaml' tidak dapat "
        "dijadikan id SOP [loader.bad_file_name]"
    ]


def test_duplicate_sop_id_in_two_folders(sops_dir: Path):
    (sops_dir / "a").mkdir()
    (sops_dir / "a" / "x.yaml").write_text(MINIMAL_SOP)
    assert problems_of(sops_dir, "b/x.yaml", MINIMAL_SOP) == [
        "sops/b/x.yaml:1:1: galat: id SOP 'x' sudah dipakai oleh sops/a/x.yaml "
        "[loader.duplicate_sop_id]"
    ]


def test_every_problem_of_a_file_at_once(sops_dir: Path):
    content = (
        MINIMAL_SOP.replace("  seksi: kerjasama", "  seksi: kerja")
        .replace("    waktu: 30 menit\n", "    wakktu: 30 menit\n")
        .replace("[staf, kasi_kerjasama]", "[staf, kasi]")
    )
    codes = [line.split("[")[-1] for line in problems_of(sops_dir, "x.yaml", content)]
    assert codes == [
        "loader.unknown_id_suggest]",
        "loader.unknown_id_suggest]",
        "loader.unknown_key_suggest]",
    ]


def test_missing_registry(sops_dir: Path):
    (sops_dir / "peraturan.yaml").unlink()
    result = load_repository(sops_dir)
    assert result.repository is None
    assert [summary(p) for p in result.problems] == [
        "sops/peraturan.yaml:1:1: galat: berkas registri 'peraturan.yaml' tidak ditemukan "
        "[loader.registry_missing]"
    ]


def test_hints_are_given_in_both_languages(sops_dir: Path):
    (sops_dir / "x.yaml").write_text(MINIMAL_SOP.replace("nama:", "nomr: 1\nnama:"))
    [problem] = load_repository(sops_dir).problems
    assert problem.hint("id").startswith("ganti menjadi 'nomor'")
    assert problem.hint("en").startswith("rename it to 'nomor'")
    assert problem.message("en") == "unknown key 'nomr'; did you mean 'nomor'?"
