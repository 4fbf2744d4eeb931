"""`sop init`: the files of a new office's SOP project, from a few answers.

Pure functions: the answers in, {relative path: text} out; one Jinja template
per file under `templates/`. Writing (never overwriting) is `write_new_files`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator import templating
from generator.new_sop import slug
from generator.schema import SCHEMAS, json_schema_text

DEFAULT_BIDANG = "Sekretariat"
DEFAULT_SEKSI = ("Subbagian Umum dan Kepegawaian",)
DEFAULT_PENGESAH = "Kepala Dinas"
PACKAGE = "sop-handbook"

# relative path written -> template under templates/
TEMPLATES: dict[str, str] = {
    "sops/organisasi.yaml": "sops/organisasi.yaml.j2",
    "sops/peraturan.yaml": "sops/peraturan.yaml.j2",
    "sops/pengaturan.yaml": "sops/pengaturan.yaml.j2",
    "sops/{bidang_id}/pengelolaan-surat-masuk.yaml": "sops/contoh.yaml.j2",
    "sops/pemantauan/README.md": "sops/pemantauan-README.md.j2",
    "mkdocs.yml": "mkdocs.yml.j2",
    "docs/tentang.md": "docs/tentang.md.j2",
    ".gitignore": "gitignore.j2",
    ".gitattributes": "gitattributes.j2",
    ".vscode/settings.json": "vscode/settings.json.j2",
    ".vscode/extensions.json": "vscode/extensions.json.j2",
    ".pre-commit-config.yaml": "pre-commit-config.yaml.j2",
    ".gitlab-ci.yml": "ci/gitlab-ci.yml.j2",
    ".github/workflows/sop.yml": "ci/github-sop.yml.j2",
}


def identifier(text: str) -> str:
    """An id for organisasi.yaml from a name: 'Seksi Kerja Sama' -> 'seksi_kerja_sama'."""
    return slug(text).replace("-", "_")


@dataclass(frozen=True)
class Project:
    """What `sop init` was told about the office."""

    nama: str
    wilayah: str
    singkatan: str
    bidang: str = DEFAULT_BIDANG
    seksi_names: tuple[str, ...] = DEFAULT_SEKSI
    pengesah: str = DEFAULT_PENGESAH
    tanggal: dt.date = field(default_factory=dt.date.today)
    package: str = PACKAGE

    @property
    def nama_lengkap(self) -> str:
        """The office's name with its region."""
        return f"{self.nama} {self.wilayah}".strip()

    @property
    def bidang_id(self) -> str:
        """The bidang's id."""
        return identifier(self.bidang)

    @property
    def seksi(self) -> list[tuple[str, str]]:
        """(id, name) of each seksi."""
        return [(identifier(name), name) for name in self.seksi_names]

    @property
    def pengesah_id(self) -> str:
        """The signer's jabatan id ('Kepala Dinas' -> 'kepala_dinas')."""
        return identifier(self.pengesah)

    @property
    def pengesah_lengkap(self) -> str:
        """The signer's full title, with the office ('Kepala Dinas ... Kabupaten Uji')."""
        return f"{self.pengesah} {self.singkatan} {self.wilayah}".strip()

    @property
    def kabid_id(self) -> str:
        """The head of the bidang's jabatan id."""
        return f"kepala_{self.bidang_id}"

    @property
    def kasi_id(self) -> str:
        """Who checks in the example SOP: the first seksi's head, else the head of bidang."""
        return f"kasi_{self.seksi[0][0]}" if self.seksi else self.kabid_id

    @property
    def pola_nomor(self) -> str:
        """The numbering pattern for `sop new`."""
        return f"000/{{urut}}/SOP/{self.singkatan}/{{tahun}}"

    @property
    def nomor_contoh(self) -> str:
        """The example SOP's number (the pattern's first)."""
        return self.pola_nomor.replace("{urut}", "1").replace("{tahun}", str(self.tanggal.year))


def _environment() -> jinja2.Environment:
    # YAML/JSON/Markdown output: every value from the answers goes through `yaml`.
    environment = templating.environment("generator.scaffold", autoescape=False)
    # A JSON string is a valid YAML double-quoted scalar: any text is safe in it.
    environment.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    return environment


def project_files(project: Project) -> dict[str, str]:
    """Every file of the new project: relative POSIX path -> text."""
    environment = _environment()
    files = {
        path.format(bidang_id=project.bidang_id): environment.get_template(template).render(
            p=project
        )
        for path, template in TEMPLATES.items()
    }
    for name in sorted(SCHEMAS):
        files[f"docs/schema/{name}.schema.json"] = json_schema_text(name)
    return dict(sorted(files.items()))


def write_new_files(target: Path, files: dict[str, str]) -> tuple[list[str], list[str]]:
    """Write each file that does not exist yet under `target`; never overwrite.

    Returns (written, kept): the relative paths written and those left as they were.
    Text is written with LF line ends on every system.
    """
    written: list[str] = []
    kept: list[str] = []
    for relative, text in files.items():
        path = target / relative
        if path.exists():
            kept.append(relative)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        written.append(relative)
    return written, kept
