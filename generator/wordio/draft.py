"""A read SOP (`RawSop`) made into a draft for the SOP folder: values in the
project's format, registry ids where a name matched, and a note at every
value that was guessed or could not be read (the draft's YAML comments).

Pure: the read SOP and the repository in, a `Draft` out; `render_draft`
turns it into YAML text through a template.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from generator import templating
from generator.messages import available_languages, translate
from generator.model import Repository, Sop
from generator.model.sop import Langkah
from generator.model.tanggal import PartialDate, parse_partial_date
from generator.wordio.registry_match import (
    NewLaw,
    NewRole,
    match_law,
    match_link,
    match_role,
    match_signer,
    match_unit,
    new_law,
    slug,
    unique,
)
from generator.wordio.sop_import import Note, RawSop, RawStep, parse_answer
from generator.wordio.vocabulary import END_WORDS, START_WORDS, normalise

_NIP = re.compile(r"\bNIP\.?\s*:?\s*([\d ]{18,23})", re.I)
_PANGKAT = re.compile(r"^.*\((?:I|II|III|IV)\s*/\s*[a-e]\)\s*$", re.I | re.M)
_NUMBERED = re.compile(r"\s*\d{1,3}[.)]\s*")
_TARGET_NUMBER = re.compile(r"-?\d{1,6}")
_LIST_KEYS = (
    ("definisi", "definisi"),
    ("dasar_hukum", "dasar_hukum"),
    ("kualifikasi_pelaksana", "kualifikasi"),
    ("keterkaitan", "keterkaitan"),
    ("peralatan_perlengkapan", "peralatan"),
    ("peringatan", "peringatan"),
    ("pencatatan_pendataan", "pencatatan"),
    ("persyaratan", "persyaratan"),
    ("produk_layanan", "produk_layanan"),
)
# Fields of the newer model (standar pelayanan, jumps, step flags): written in a
# draft only when the model in use has them.
_EXTRA_TEXT = ("jenis_layanan", "biaya_tarif")
_EXTRA_STEPS = ("standar_waktu_mulai", "standar_waktu_sampai")
_STEP_FLAGS = ("pelaksana_salah_satu", "bersamaan", "menunggu")
_JUMP = re.compile(r"\s*(?:→|->|⟶|=>)\s*(\S.*)", re.S)


def _supported(model: type, name: str) -> bool:
    return name in model.model_fields


@dataclass
class Item:
    """A value of the draft and the note (comment) beside it."""

    value: Any
    notes: list[Note] = field(default_factory=list)


@dataclass
class DraftStep:
    """One step of the draft."""

    kegiatan: str
    pelaksana: list[str]
    jenis: str | None = None
    pertanyaan: str | None = None
    jawaban: list[tuple[str, int | str]] = field(default_factory=list)
    kelengkapan: list[str] = field(default_factory=list)
    waktu: str | None = None
    output: str | None = None
    keterangan: str | None = None
    notes: list[Note] = field(default_factory=list)
    lanjut_ke: int | str | None = None
    flags: list[str] = field(default_factory=list)


@dataclass
class Draft:
    """One imported SOP, ready to be written as YAML."""

    nama: Item
    nama_prosedur: str | None
    nomor: str | None
    bidang: Item
    seksi: Item | None
    tanggal: dict[str, Item]
    pengesah: dict[str, Item]
    lists: list[tuple[str, list[Item]]]
    standar_waktu: str | None
    extras: list[tuple[str, int | str]]
    pelaksana: list[Item]
    steps: list[DraftStep]
    new_roles: list[NewRole] = field(default_factory=list)
    new_laws: list[NewLaw] = field(default_factory=list)

    def notes(self) -> list[tuple[str, Note]]:
        """Every note with where it is ('prosedur 3', 'tanggal.efektif', ...)."""
        found: list[tuple[str, Note]] = []
        singles = {"nama": self.nama, "unit.bidang": self.bidang, "unit.seksi": self.seksi}
        singles |= {f"tanggal.{k}": v for k, v in self.tanggal.items()}
        singles |= {f"disahkan_oleh.{k}": v for k, v in self.pengesah.items()}
        for where, item in singles.items():
            if item is not None:
                found += [(where, note) for note in item.notes]
        for key, items in self.lists:
            found += [(key, note) for item in items for note in item.notes]
        found += [("pelaksana", note) for item in self.pelaksana for note in item.notes]
        for index, step in enumerate(self.steps, 1):
            found += [(f"prosedur {index}", note) for note in step.notes]
        return found


def _months() -> dict[str, int]:
    months: dict[str, int] = {}
    for lang in available_languages():
        for number, name in enumerate(translate("wordio.months", lang).split(), 1):
            months[name.lower()] = number
            months.setdefault(name.lower()[:3], number)
    months.update({"agt": 8, "agu": 8, "nop": 11, "pebruari": 2, "nopember": 11, "okt": 10})
    return months


def parse_date(text: str) -> PartialDate | None:
    """A date as forms write it ('2022', 'Maret 2022', '15 Maret 2022', '15/03/2022')."""
    words = text.replace(",", " ").split()
    months = _months()
    try:
        if len(words) == 1 and re.fullmatch(r"\d{4}(-\d{1,2}(-\d{1,2})?)?", words[0]):
            return parse_partial_date(words[0])
        if len(words) == 1:
            match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", words[0])
            if match:
                return parse_partial_date(f"{match[3]}-{match[2]}-{match[1]}")
        if len(words) == 2 and words[0].lower() in months and words[1].isdigit():
            return parse_partial_date(f"{words[1]}-{months[words[0].lower()]}")
        if (
            len(words) == 3
            and words[0].isdigit()
            and words[1].lower() in months
            and words[2].isdigit()
        ):
            return parse_partial_date(f"{words[2]}-{months[words[1].lower()]}-{words[0]}")
    except ValueError:  # pydantic's error for an impossible date
        return None
    return None


# A revision number in the Tgl. Revisi box ("Rev. 01", "Revisi ke-2", "R-00", "01"),
# alone or before the revision's date ("Revisi ke-2 / 01-02-2024").
_REVISION_NUMBER = re.compile(
    r"^\s*(?:(?:rev(?:isi)?\.?|r\s*-)\s*(?:ke\s*-?\s*)?(?P<nomor>\d{1,2})\b|(?P<alone>\d{1,2})\s*$)",
    re.IGNORECASE,
)


def _revision_box(text: str) -> Item:
    """Tgl. Revisi as offices fill it with the revision's number: revision 0 is
    "never revised" ("-"); a date after the number is the date; a number alone
    leaves the date to the author, who is told why."""
    match = _REVISION_NUMBER.search(text)
    assert match is not None
    number = int(match["nomor"] or match["alone"])
    rest = text[match.end() :].strip(" \t/,;:-()")
    date = parse_date(rest) if rest else None
    if date is not None:
        return Item(str(date), [Note("guess", "revisi_nomor_tanggal", {"text": text})])
    if number == 0 and not rest:
        return Item("-", [Note("guess", "revisi_nol", {"text": text})])
    return Item(None, [Note("unread", "revisi_nomor", {"text": text, "nomor": number})])


def _list_items(paragraphs: list[str]) -> list[str]:
    """Items of a six-field section: one per paragraph, typed numbers removed when
    every item has one."""
    items = []
    for paragraph in paragraphs:
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        # Numbered lines in one paragraph (Shift+Enter between them) are items too.
        if len(lines) > 1 and all(_NUMBERED.match(line) for line in lines):
            items += lines
        elif paragraph.strip():
            items.append(paragraph.strip())
    if len(items) > 1 and all(_NUMBERED.match(item) for item in items):
        items = [_NUMBERED.sub("", item, count=1).strip() for item in items]
    return items


class _Builder:
    def __init__(self, raw: RawSop, repository: Repository, source: str) -> None:
        self.raw = raw
        self.repository = repository
        self.source = source
        self.new_roles: dict[str, NewRole] = {}
        self.new_laws: list[NewLaw] = []

    def role(self, text: str) -> tuple[str, list[Note]]:
        """The role id for a name read in the document (a new proposed id if unknown)."""
        found = match_role(text, self.repository.organisasi)
        if found is not None:
            return found, []
        wanted = normalise(text)
        for new in self.new_roles.values():
            if normalise(new.nama) == wanted:
                return new.id, [Note("guess", "role_new", {"text": text})]
        taken = set(self.repository.organisasi.jabatan) | set(self.new_roles)
        role_id = unique(slug(text, "_") or "jabatan_baru", taken, "_")
        self.new_roles[role_id] = NewRole(role_id, " ".join(text.split()) or role_id)
        return role_id, [Note("guess", "role_new", {"text": text})]

    def build(self) -> Draft:
        raw = self.raw
        identity = raw.identity
        nama_text = identity.get("nama_sop", "").strip() or (raw.procedure_title or "").strip()
        nama = Item(nama_text)
        if not nama_text:
            nama = Item(self.source, [Note("unread", "nama_missing", {"source": self.source})])
        prosedur_title = (raw.procedure_title or "").strip()
        nama_prosedur = prosedur_title if prosedur_title and prosedur_title != nama.value else None
        tanggal = {}
        for key in ("pembuatan", "revisi", "efektif"):
            text = identity.get(key, "").strip()
            if not text:
                continue
            if key == "revisi" and _REVISION_NUMBER.search(text):
                tanggal[key] = _revision_box(text)
                continue
            date = parse_date(text)
            if date is None:
                tanggal[key] = Item(None, [Note("unread", "tanggal_unread", {"text": text})])
            else:
                tanggal[key] = Item(str(date))
        lists = []
        for key, section in _LIST_KEYS:
            if not _supported(Sop, key):
                continue
            items = _list_items(raw.sections.get(section, []))
            if key == "dasar_hukum":
                lists.append((key, [self._law(text) for text in items]))
            elif key == "keterkaitan":
                lists.append((key, [self._link(text) for text in items]))
            else:
                lists.append((key, [Item(text) for text in items]))
        pelaksana = []
        for text in raw.roles:
            role_id, notes = self.role(text) if text else ("", [])
            if not text:
                notes = [Note("unread", "role_from_text", {"text": ""})]
                role_id, _ = self.role(f"pelaksana {len(pelaksana) + 1}")
            pelaksana.append(Item(role_id, notes))
        steps: list[DraftStep] = []
        for index, step in enumerate(raw.steps, 1):
            steps.append(self._step(index, step, pelaksana, steps))
        bidang, seksi = self._unit([item.value for item in pelaksana])
        return Draft(
            nama=nama,
            nama_prosedur=nama_prosedur,
            nomor=identity.get("nomor", "").strip() or None,
            bidang=bidang,
            seksi=seksi,
            tanggal=tanggal,
            pengesah=self._signer(),
            lists=lists,
            standar_waktu=identity.get("standar_waktu", "").strip() or None,
            extras=self._extras(),
            pelaksana=pelaksana,
            steps=steps,
            new_roles=list(self.new_roles.values()),
            new_laws=self.new_laws,
        )

    def _extras(self) -> list[tuple[str, int | str]]:
        """Standar pelayanan fields read from the identity block (newer model only)."""
        found: list[tuple[str, int | str]] = []
        for key in (*_EXTRA_TEXT, *_EXTRA_STEPS):
            text = self.raw.identity.get(key, "").strip()
            if text and _supported(Sop, key):
                number = _TARGET_NUMBER.fullmatch(text) and key in _EXTRA_STEPS
                found.append((key, int(text) if number else text))
        return found

    def _unit(self, roles: list[str]) -> tuple[Item, Item | None]:
        organisasi = self.repository.organisasi
        bidang, seksi, _evidence = match_unit(self.raw.heading_lines, organisasi)
        if bidang is None:
            # The unit of the performers: their bidang, and their seksi when only one.
            jabatan = [organisasi.jabatan[r] for r in roles if r in organisasi.jabatan]
            units = [j.bidang for j in jabatan if j.bidang in organisasi.bidang]
            if units:
                found = max(sorted(set(units)), key=units.count)
                note = Note("guess", "bidang_roles", {"id": found})
                sections = {j.seksi for j in jabatan if j.bidang == found and j.seksi}
                sections &= set(organisasi.bidang[found].seksi)
                seksi_item = Item(sections.pop(), [note]) if len(sections) == 1 else None
                return Item(found, [note]), seksi_item
            if not organisasi.bidang:
                return Item("bidang", [Note("unread", "bidang_missing")]), None
            first = next(iter(organisasi.bidang))
            note = Note(
                "guess", "bidang_guess", {"id": first, "nama": organisasi.bidang[first].nama}
            )
            return Item(first, [note]), None
        seksi_item = None
        if seksi is not None:
            seksi_item = Item(seksi)
        return Item(bidang), seksi_item

    def _signer(self) -> dict[str, Item]:
        identity = self.raw.identity
        text = identity.get("disahkan", "").strip()
        if not text:
            return {}
        organisasi = self.repository.organisasi
        found: dict[str, Item] = {}
        nama = identity.get("pengesah_nama", "").strip()
        nip = identity.get("nip", "").strip()
        pangkat = identity.get("pangkat", "").strip()
        role = match_role(text, organisasi)
        if role is None:
            role = match_signer(text, organisasi)
            if role is not None:
                found["jabatan"] = Item(role, [Note("guess", "pengesah_from_text", {"text": text})])
                rest = _after_name(text, organisasi.jabatan[role])
                nip_match = _NIP.search(rest)
                if nip_match and not nip:
                    nip = "".join(nip_match.group(1).split())
                    rest = rest[: nip_match.start()]
                pangkat_match = _PANGKAT.search(rest)
                if pangkat_match and not pangkat:
                    pangkat = pangkat_match.group(0).strip(" ,")
                    rest = rest.replace(pangkat_match.group(0), " ")
                nama = nama or " ".join(rest.replace("\n", " ").split()).strip(" ,")
            else:
                first_line = text.split("\n")[0].split(",")[0]
                role_id, notes = self.role(first_line)
                found["jabatan"] = Item(role_id, notes)
        else:
            found["jabatan"] = Item(role)
        if nama:
            found["nama"] = Item(nama)
        if pangkat:
            found["pangkat"] = Item(pangkat)
        if nip:
            found["nip"] = Item(nip)
        return found

    def _law(self, text: str) -> Item:
        registry = self.repository.peraturan
        law_id, parsed = match_law(text, registry)
        if law_id is not None:
            return Item(law_id)
        if parsed is None:
            return Item(None, [Note("unread", "peraturan_unread", {"text": text})])
        for known in self.new_laws:
            if (known.nomor, known.tahun) == parsed[1:3] and known.jenis == new_law(
                parsed, set()
            ).jenis:
                return Item(known.id, [Note("guess", "peraturan_new")])
        taken = set(registry.peraturan) | {law.id for law in self.new_laws}
        law = new_law(parsed, taken)
        self.new_laws.append(law)
        return Item(law.id, [Note("guess", "peraturan_new")])

    def _link(self, text: str) -> Item:
        sop_id = match_link(text, self.repository)
        if sop_id is None:
            return Item(text)
        return Item({"sop": sop_id}, [Note("guess", "link_guess", {"id": sop_id})])

    def _names(self, role: str) -> list[str]:
        """Every way a role may be named in an activity's text, normalised."""
        jabatan = self.repository.organisasi.jabatan.get(role)
        names = [role.replace("_", " ")]
        if jabatan is not None:
            names += [jabatan.nama, jabatan.singkatan or "", *jabatan.alias]
        elif role in self.new_roles:
            names.append(self.new_roles[role].nama)
        return [normalise(name) for name in names if normalise(name)]

    def _return_target(self, index: int, raw: RawStep, done: list[DraftStep]) -> int:
        """Where a return answer goes: the nearest earlier step of the role the text
        sends the work back to ("dikembalikan kepada staf"), else the step before."""
        text = f" {normalise(raw.kegiatan + ' ' + raw.keterangan)} "
        for number in range(len(done), 0, -1):
            for role in done[number - 1].pelaksana:
                if any(f" {name} " in text for name in self._names(role)):
                    return number
        return max(index - 1, 1)

    def _step(
        self, index: int, raw: RawStep, pelaksana: list[Item], done: list[DraftStep]
    ) -> DraftStep:
        roles = [pelaksana[i].value for i in raw.performers if i < len(pelaksana)]
        step = DraftStep(
            kegiatan=raw.kegiatan or "...",
            pelaksana=roles,
            kelengkapan=raw.kelengkapan,
            waktu=raw.waktu or None,
            output=raw.output or None,
            keterangan=raw.keterangan or None,
            notes=list(raw.notes),
        )
        answers: list[tuple[str, int | str]] = []
        seen: set[str] = set()
        for label in raw.labels:
            word = normalise(label)
            flag = next((f for f in _STEP_FLAGS if word in _flag_words(f)), None)
            if flag is not None and _supported(Langkah, flag):
                step.flags.append(flag)
                continue
            jump = _JUMP.fullmatch(label)
            if jump and _supported(Langkah, "lanjut_ke"):
                text = jump.group(1).strip()
                step.lanjut_ke = int(text) if _TARGET_NUMBER.fullmatch(text) else text
                continue
            parsed = parse_answer(label)
            if parsed is None or parsed[0] in seen:
                continue
            answer, target_text = parsed
            seen.add(answer)
            if (target_text is None or target_text == "") and answers and raw.targets:
                target: int | str = raw.targets.pop(0)  # the connector that leaves the diamond
                step.notes.append(Note("guess", "jawaban_arrow", {"text": answer}))
            elif target_text is None or target_text == "":
                target = "lanjut" if not answers else self._return_target(index, raw, done)
                step.notes.append(Note("guess", "jawaban_guess", {"text": answer}))
            elif _TARGET_NUMBER.fullmatch(target_text):
                target = int(target_text)
            else:
                target = target_text
            answers.append((answer, target))
        step.jawaban = answers
        symbol = raw.symbol
        if symbol == "decision":
            step.pertanyaan = raw.shape_text or None
            if not answers:
                step.jenis = "keputusan"
                step.notes.append(Note("unread", "jawaban_missing"))
        elif symbol == "terminator":
            word = normalise(raw.shape_text)
            if any(word.startswith(w) for w in END_WORDS):
                step.jenis = "selesai"
            elif any(word.startswith(w) for w in START_WORDS):
                step.jenis = "mulai"
            else:
                step.jenis = "mulai" if index == 1 else "selesai"
        elif symbol in ("process", "offpage", None):
            step.pertanyaan = raw.shape_text or None if symbol == "process" else None
            if answers:
                step.jenis = "proses"
        if raw.kegiatan == "":
            step.notes.append(Note("unread", "no_performer"))
        return step


def _flag_words(flag: str) -> set[str]:
    """How a step flag is written under a symbol, in every language."""
    return {normalise(translate(f"wordio.label.{flag}", lang)) for lang in available_languages()}


def _after_name(text: str, jabatan: Any) -> str:
    """What follows the role's name in a 'Disahkan oleh' text."""
    flat = text
    for name in sorted(
        (jabatan.nama, jabatan.singkatan or "", *jabatan.alias), key=len, reverse=True
    ):
        if name and flat.lower().startswith(name.lower()):
            return flat[len(name) :]
    return flat


def build_draft(raw: RawSop, repository: Repository, source: str) -> Draft:
    """The draft of one read SOP, matched against `repository`'s registries."""
    return _Builder(raw, repository, source).build()


# -- YAML text ------------------------------------------------------------------

_NOT_PRINTABLE = re.compile(
    "[^\t\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 _./()-]*[A-Za-z0-9)./]|[A-Za-z]")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}


def yaml_scalar(value: Any) -> str:
    """`value` as a YAML scalar: a number as it is, simple words plain, any other text
    double-quoted and escaped, so no text from Word can change the YAML's structure."""
    if isinstance(value, bool):
        return json.dumps(str(value))
    if isinstance(value, int):
        return str(value)
    if _PLAIN.fullmatch(str(value)) and str(value).lower() not in _YAML_WORDS:
        return str(value)
    text = json.dumps(str(value), ensure_ascii=False)
    return _NOT_PRINTABLE.sub(
        lambda m: (
            f"\\u{ord(m.group(0)):04x}"
            if ord(m.group(0)) < 0x10000
            else f"\\U{ord(m.group(0)):08x}"
        ),
        text,
    )


def yaml_comment(text: str) -> str:
    """`text` safe inside a one-line YAML comment."""
    return _NOT_PRINTABLE.sub("", _LINE_BREAKS.sub(" ", str(text)))


def render_draft(draft: Draft, *, source: str, index: int, schema_path: str, lang: str) -> str:
    """The draft as YAML text, with its notes as comments at their lines."""
    # YAML output: values go through `yaml`, notes through `comment`.
    environment = templating.environment("generator.wordio", autoescape=False)
    environment.filters["yaml"] = yaml_scalar
    environment.filters["comment"] = yaml_comment

    def note_text(notes: list[Note]) -> str:
        return "; ".join(
            f"{translate(f'wordio.import.{n.kind}', lang)}: "
            f"{translate(f'wordio.note.{n.key}', lang, **n.args)}"
            for n in notes
        )

    environment.filters["notes"] = note_text
    return environment.get_template("draft.yaml.j2").render(
        draft=draft,
        source=source,
        index=index,
        schema_path=schema_path,
        header=translate("wordio.import.header", lang, source=source, index=index),
        status_note=translate("wordio.note.status_draf", lang),
    )
