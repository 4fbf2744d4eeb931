"""Working time: read the waktu that authors write and add it up in working minutes.

Authors write "15 Menit", "1 Jam", "3 hari kerja", "1 (satu) hari", "1-2 hari"
or "30 menit s.d. 1 jam". Everything is converted to working minutes with the
office's calendar (default from Perpres 21/2023: 37.5 hours a week over 5 days,
so 1 hari kerja = 7.5 jam = 450 menit, 1 minggu = 5 hari kerja). A month is
counted as a fixed number of working days (default 20: four weeks), since the
real number depends on the month and its holidays.

A day written as "hari" means a working day: SOP AP forms measure the office's
own work, and the seed SOPs' totals are computed that way.

Service standards also write:

- bounds: "paling lama 14 hari kerja", "maksimal 3 hari", "selambat-lambatnya
  2 jam", "3 hari (maksimal)" (an upper bound: at most), "paling cepat 1 hari",
  "minimal 2 jam", "sekurang-kurangnya 1 hari" (a lower bound: at least);
  "kurang lebih", "±", "sekitar" mark an estimate and are read as the value;
- "N x 24 jam" (also "Nx24 jam", "N × 24 jam"): N working days. A service
  standard promising "1x24 jam" means "by the next working day", not 24 hours
  of office work (which would be 3.2 working days);
- words that say the time is not fixed ("segera", "tentatif", "tergantung ...",
  "sesuai kebutuhan", "menyesuaikan", ...): a known unknown (`Reading.status`
  TAK_TENTU), left out of totals and reported as a warning, never an error.

Offices also write, and the tool reads:

- numbers in words: "dua hari", "lima belas menit", "satu setengah jam",
  "sehari", "setengah hari";
- calendar days, "14 hari kalender": a calendar day is days_per_week/7 of a
  working day (14 hari kalender = 10 hari kerja: two weeks); "tahun" is 12
  months;
- a time per item, "2 jam/berkas", "5 menit per pemohon": the time for one,
  since an SOP describes the handling of one application;
- two values as alternatives, "30 menit atau 1 jam": a range;
- a value followed by a condition, "3 hari kerja setelah berkas lengkap",
  "1 hari, bila berkas lengkap": the value is read and the rest is kept as
  `Reading.condition` (the checker suggests moving it to `keterangan`, or for
  standar_waktu, `standar_waktu_mulai`);
- words of a schedule or of no delay, "setiap hari", "sewaktu-waktu",
  "langsung", "saat itu juga", "pada hari yang sama", "otomatis", "beberapa
  hari", and deadlines, which are dates
  ("paling lambat akhir bulan Juni", "sebelum tanggal 10"): a known unknown,
  like "segera";
- "-" or "–" (an empty cell in the source document): no waktu (`KOSONG`);
- a footnote mark after the value ("1 hari*") is ignored; "1/2 jam" and
  "1 1/2 jam" are fractions, "15'" is 15 minutes, "2 x 15 menit" is 30 minutes;
- "N x 24 jam", and "24 jam", "48 jam" standing alone, are N working days (a
  service standard's "by the next working day"); hours alone past a working
  day's but under 24 ("8 jam") are one working day, never more than "24 jam";
  "hr" is hari, "mgg" minggu; a closing ";" or "," (a transcribed list item) is
  ignored;
- a label before the value ("Proses 1 minggu", "Waktu: 30 menit", "waktu tunggu 3
  hari"), also with ":", "=" or a dash between label and a value that stands alone
  ("proses: maksimal 3 hari", "durasi = 20 menit", "waktu - paling lama 2 jam"),
  the item first ("per berkas 5 menit"), "sampai selesai" after a value ("5 menit
  sampai selesai": 5 minutes), "1 bulan kalender" (the calendar's month), "3x24
  jam hari kerja", "3 hari kerja efektif", and a value in parentheses after words
  that alone would be a known unknown ("sesuai SLA (1 hari)": 1 hari, with "sesuai
  SLA" as its condition);
- office hours and weekdays with no number ("selama jam kerja", "Senin-Jumat") and
  "selesai di tempat": a known unknown.

docs/waktu.md lists every form with its reading; tests/test_waktu_doc.py reads it.

A number of more than MAX_DIGITS digits is never converted (Python refuses
int conversion past 4,300 digits, and no SOP step lasts a million units):
the reading is TERLALU_PANJANG.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache

from generator.messages import DEFAULT_LANG, translate


@dataclass(frozen=True)
class WorkCalendar:
    """How long a working day, week and month are."""

    hours_per_day: Fraction = Fraction(15, 2)
    days_per_week: int = 5
    days_per_month: int = 20

    @property
    def minutes_per_day(self) -> Fraction:
        """Working minutes in one working day (450 by default)."""
        return self.hours_per_day * 60

    def unit_minutes(self, unit: str) -> Fraction:
        """Working minutes in one `unit` (a canonical unit name, see UNIT_WORDS)."""
        day = self.minutes_per_day
        return {
            "detik": Fraction(1, 60),
            "menit": Fraction(1),
            "jam": Fraction(60),
            "hari": day,
            "minggu": day * self.days_per_week,
            "bulan": day * self.days_per_month,
            "hari_kalender": day * self.days_per_week / 7,
            "triwulan": day * self.days_per_month * 3,
            "semester": day * self.days_per_month * 6,
            "tahun": day * self.days_per_month * 12,
        }[unit]


DEFAULT_CALENDAR = WorkCalendar()


@dataclass(frozen=True, slots=True)
class Duration:
    """A duration in working time: exact (low == high) or a range.

    Stored as whole seconds, so sums and comparisons are plain integer
    arithmetic (a second is far below what any SOP states); `low` and `high`
    give exact minutes.
    """

    low_seconds: int
    high_seconds: int
    at_most: bool = False  # an upper bound ("paling lama"): the real time may be less
    at_least: bool = False  # a lower bound ("paling cepat"): the real time may be more

    @property
    def low(self) -> Fraction:
        """The shortest duration, in working minutes."""
        return Fraction(self.low_seconds, 60)

    @property
    def high(self) -> Fraction:
        """The longest duration, in working minutes."""
        return Fraction(self.high_seconds, 60)

    @property
    def is_range(self) -> bool:
        """True when the author gave a range such as "1-2 hari"."""
        return self.low_seconds != self.high_seconds

    @property
    def is_bound(self) -> bool:
        """True when the value is a bound ("paling lama", "paling cepat"), not an estimate."""
        return self.at_most or self.at_least

    def __add__(self, other: Duration) -> Duration:
        return Duration(
            self.low_seconds + other.low_seconds,
            self.high_seconds + other.high_seconds,
            self.at_most or other.at_most,
            self.at_least or other.at_least,
        )

    def longest(self, other: Duration) -> Duration:
        """The longer of two durations done at the same time (bounds kept)."""
        return Duration(
            max(self.low_seconds, other.low_seconds),
            max(self.high_seconds, other.high_seconds),
            self.at_most or other.at_most,
            self.at_least or other.at_least,
        )


def _seconds(minutes: Fraction) -> int:
    return round(minutes * 60)


ZERO = Duration(0, 0)

# Words authors use for each unit (lower case, without trailing dots).
UNIT_WORDS: dict[str, str] = {
    "detik": "detik",
    "dtk": "detik",
    "menit": "menit",
    "mnt": "menit",
    "min": "menit",
    "jam": "jam",
    "j": "jam",
    "hari": "hari",
    "hari kerja": "hari",
    "hk": "hari",
    "hr": "hari",
    "hr kerja": "hari",
    "hari kalender": "hari_kalender",
    "hari kerja efektif": "hari",
    "hari efektif": "hari",
    "jam kerja": "jam",
    "tahun": "tahun",
    "thn": "tahun",
    "triwulan": "triwulan",
    "semester": "semester",
    "minggu": "minggu",
    "minggu kerja": "minggu",
    "pekan": "minggu",
    "mgg": "minggu",
    "bulan": "bulan",
    "bln": "bulan",
    # "1 bulan kalender": the calendar's month (a setting), like "1 bulan"
    "bulan kalender": "bulan",
    "minggu kalender": "minggu",
    "tahun kalender": "tahun",
}

_NUMBER = r"\d+(?:[.,]\d+)?|½|¼|¾"
_UNIT = "|".join(sorted((re.escape(w) for w in UNIT_WORDS), key=len, reverse=True))
_PART = re.compile(rf"\s*(?P<number>{_NUMBER})?\s*(?P<unit>{_UNIT})?\b\.?\s*")
_RANGE_SPLIT = re.compile(
    r"\s*(?:s\.?\s*/?\s*d\.?|sampai(?:\s+dengan)?|hingga|–|—|-|~)\s*|\s+atau\s+"
)
_PARENTHESES = re.compile(r"\([^)]*\)")
_FRACTIONS = {"½": Fraction(1, 2), "¼": Fraction(1, 4), "¾": Fraction(3, 4)}


def _number(text: str) -> Fraction:
    if text in _FRACTIONS:
        return _FRACTIONS[text]
    return Fraction(text.replace(",", "."))


def _amounts(text: str) -> list[tuple[Fraction | None, str | None]] | None:
    """Split "1 jam 30 menit" into [(1, jam), (30, menit)]; None when unreadable."""
    result: list[tuple[Fraction | None, str | None]] = []
    position = 0
    while position < len(text):
        match = _PART.match(text, position)
        if match is None or match.end() == position:
            return None
        number, unit = match["number"], match["unit"]
        if number is None and unit is None:
            return None
        result.append((_number(number) if number else None, UNIT_WORDS[unit] if unit else None))
        position = match.end()
    return result or None


def _total(
    amounts: list[tuple[Fraction | None, str | None]], calendar: WorkCalendar
) -> Fraction | None:
    total = Fraction(0)
    for number, unit in amounts:
        if number is None or unit is None:
            return None
        total += number * calendar.unit_minutes(unit)
    return total


MAX_DIGITS = 7  # a longer number is refused before any arithmetic

_UPPER = (
    r"paling\s+lama|paling\s+lambat|selambat-lambatnya|selambat\s+lambatnya|"
    r"maksimal|maksimum|maks\.?|max\.?|tidak\s+lebih\s+dari|dalam\s+waktu|dalam(?=\s*\d)|"
    r"kurang\s+dari|tidak\s+melebihi"
)
# Signs and abbreviations with a dot may touch the number: "<1 jam", "≤30 menit", "maks.2 jam".
_UPPER_MARKS = r"<=|≤|<|(?<![\w-])(?:maks|max)\.(?=\s*\d)"
_LOWER = (
    r"paling\s+cepat|secepat-cepatnya|minimal|minimum|sekurang-kurangnya|paling\s+sedikit|"
    r"(?<!tidak\s)lebih\s+dari"
)
_LOWER_MARKS = r">=|≥|>|(?<![\w-])min\.(?=\s*\d)"
_ESTIMATE = (
    r"kurang\s+lebih|lebih\s+kurang|kira-kira|kira\s+kira|sekitar|rata-rata|estimasi|"
    r"perkiraan|selama|menunggu|±|\+/-|\+-"
)
# "s.d. 14 hari" (up to 14 days) at the start: an upper bound.
_UP_TO = re.compile(r"^(?:s\.?\s*/?\s*d\.?|sampai\s+dengan|sampai|hingga)\s*(?=\d)")
# A time per item, "2 jam/berkas", "5 menit per pemohon": the words after it are no unit.
_PER_ITEM = re.compile(
    r"\s*(?:/|\bper\b|\btiap\b|\bsetiap\b|\bsetiap\s+satu\b)\s*(?P<item>(?:1\s+)?[^\d\s/][^/]*)$"
)
# Where a condition starts after a value: a comma or a linking word.
_CONDITION = re.compile(
    r"\s*[,;:]\s*|\s+(?=(?:setelah|sesudah|sejak|semenjak|terhitung|dihitung|jika|apabila|"
    r"bila|bilamana|kalau|asalkan|untuk|bagi|dengan|pada|di|ke|oleh|karena|tergantung|"
    r"bergantung|termasuk|kecuali|atau|sesuai|menunggu|setiap|tiap|per)\b)"
)
# A footnote mark after the time ("1 hari*)") or before it ("*) segera").
_FOOTNOTE = re.compile(r"^\*+\)?\s*|\s*\*+\)?$")
_EMPTY = re.compile(r"^(?:[-–—_.\s]*|n/?a|nihil|tidak\s+ada)$")
_UPPER_RE = re.compile(rf"{_UPPER_MARKS}|(?<![\w-])(?:{_UPPER})(?![\w-])")
_LOWER_RE = re.compile(rf"{_LOWER_MARKS}|(?<![\w-])(?:{_LOWER})(?![\w-])")
_ESTIMATE_RE = re.compile(rf"(?<![\w-])(?:{_ESTIMATE})(?![\w-])|±")
_TIMES_24 = re.compile(r"(\d+)\s*[x×]\s*24\s*jam\b(?:\s+(?:hari\s+)?kerja\b)?")
# "24 jam", "48 jam" standing alone: the "1 x 24 jam" of service standards, N working days.
_WHOLE_DAYS_OF_24 = re.compile(r"^([1-9]\d{0,4})\s*jam$")
_LONG_NUMBER = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")

# Words saying that the time is not fixed: a known unknown, never an error.
_NOT_FIXED = re.compile(
    r"^(?:segera|secepatnya|sesegera\s+mungkin|tentatif|tergantung|bergantung|"
    r"sesuai|menyesuaikan|disesuaikan|situasional|kondisional|insidentil|insidental|"
    r"tidak\s+tentu|tidak\s+menentu|tidak\s+terbatas|bervariasi|variatif|fleksibel|"
    r"relatif|setiap\s+saat|kapan\s+saja|"
    # a schedule, not a duration: "setiap hari", "tiap bulan", "per minggu"
    r"setiap|tiap|per|sewaktu-waktu|sewaktu\s+waktu|berkala|rutin|terus-menerus|"
    r"sepanjang|beberapa|"
    # no delay: "langsung", "saat itu juga", "real time", "selesai di tempat"
    r"selesai\s+di\s*tempat|s\.?\s*/?\s*d\.?\s+selesai|langsung|saat\s+itu|seketika|pada\s+saat|real\s*-?\s*time|on\s+the\s+spot|"
    r"(?:pada\s+)?hari\s+itu\s+juga|(?:pada\s+)?hari\s+yang\s+sama|menunggu(?!\s+\d)|"
    # done by the system: "otomatis", "otomatis (sistem)"
    r"otomatis|"
    # until a condition, with no time: "sampai selesai", "hingga data valid"
    r"(?:sampai|hingga|selama)(?!.*\b(?:detik|menit|mnt|jam|hari|hr|minggu|pekan|bulan|"
    r"tahun)\b)|"
    # a condition with no time at all: "Apabila Camat berada ditempat"
    r"(?:apabila|jika|bila|bilamana|kalau|asalkan)(?=\D*$))(?![\w-])"
)

_MONTHS = (
    r"januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|"
    r"nopember|november|desember"
)
# A deadline is a date, not a duration: "paling lambat akhir bulan Juni", "sebelum
# tanggal 10", "paling lambat 31 Desember", "akhir triwulan", "H+3" (after an event).
_DEADLINE = re.compile(
    rf"(?<![\w-])(?:{_MONTHS}|tanggal|tgl|pukul|h\s*[-+]\s*\d+|"
    r"(?:akhir|awal|pertengahan)\s+(?:bulan|tahun|minggu|pekan|triwulan|semester)|"
    # clock times: "08.00-16.00" (office hours), "10:00 WIB"
    r"(?<!\d)(?:[01]?\d|2[0-3])[.:][0-5]\d\s*[-–]\s*(?:[01]?\d|2[0-3])[.:][0-5]\d|wib|wita|wit)(?![\w-])"
)

# Office hours and weekdays, with no time in them: "selama jam kerja", "Senin-Jumat",
# "pada jam pelayanan": when the work is done, not how long it takes (a known unknown).
_SCHEDULE = re.compile(
    r"\b(?:senin|selasa|rabu|kamis|jum['’]?at|sabtu|"
    r"jam\s+(?:kerja|kantor|dinas|pelayanan|layanan|operasional)|hari\s+kerja)\b"
)
# A label before the value: "Proses 1 minggu", "waktu: 1 jam", "lama proses 2 hari".
_LABELS = (
    r"(?:waktu\s+(?:proses|penyelesaian|pelayanan|layanan|pengerjaan|tunggu)|"
    r"lama\s+(?:proses|waktu|pengerjaan)|proses(?:\s+(?P<word>[a-z]+\b))?|durasi|waktu|penyelesaian)"
)
_LABEL = re.compile(rf"^{_LABELS}\s*:?\s*(?=\S*\d)")
# A label, a separator (":", "=", a dash), then the value as it would stand alone:
# "proses: maksimal 3 hari", "waktu = paling lama 2 jam", "durasi - 20 menit".
_LABEL_SEPARATED = re.compile(rf"^{_LABELS}\s*(?:[:=]|[-–—](?=\s))\s*(?=\S)")
# A label, any separator, and where the value starts (see `_spelled_value`).
_LABEL_HEAD = re.compile(rf"^{_LABELS}\s*(?:[:=]|[-–—](?=\s))?\s*(?=\S)")
# The words the reader itself reads around a value (bounds, estimates, schedules,
# "sampai"): after "proses" such a word is kept, never taken for part of the label
# ("proses maksimal 3 hari" is at most 3 days, "proses setiap 3 hari" a schedule).
_READ_WORDS = frozenset(
    re.findall(r"[a-z]{3,}", "|".join((_UPPER, _LOWER, _LOWER_MARKS, _UPPER_MARKS, _ESTIMATE)))
    + re.findall(r"[a-z]{3,}", f"{_NOT_FIXED.pattern}|{_UP_TO.pattern}")
) | {"antara", "sejak", "mulai"}  # read by no pattern above, but they qualify a value
# "5 menit sampai selesai", "10 menit s.d. selesai": the time it takes to finish.
_TO_THE_END = re.compile(
    r"(?<=[a-z\d.'])\s*(?:sampai(?:\s+dengan)?|hingga|s\.?\s*/?\s*d\.?)\s+selesai$"
)
# How often, not how long: "3 bulan sekali", "sebulan sekali", "2 kali seminggu",
# "1x sebulan", "dua kali dalam setahun" (numbers in words already in digits).
_PERIOD = r"(?:detik|menit|jam|hari|minggu|pekan|bulan|tahun|triwulan|semester)"
_FREQUENCY = re.compile(
    rf"(?<![\w-])(?:(?:\d+\s*|se){_PERIOD}\s+sekali|"
    rf"(?:\d+\s*(?:kali|x|×)|sekali)\s*(?:dalam\s+|tiap\s+|setiap\s+)?"
    rf"(?:se|per\s*|satu\s+|1\s+)?{_PERIOD})(?![\w-])"
)
# Spoken forms, read only when nothing else reads the text: "1 jam setengah" (1,5 jam),
# "2 jam lebih" (more than 2 hours: at least).
_SPOKEN_UNIT = r"(?:detik|menit|mnt|jam|hari|hr|minggu|pekan|bulan|tahun)"
_SPOKEN_HALF = re.compile(rf"^(\d+)\s*({_SPOKEN_UNIT})\s+(?:setengah|0,5)$")
_SPOKEN_MORE = re.compile(rf"^(\d+(?:[.,]\d+)?\s*{_SPOKEN_UNIT}(?:\s+kerja)?)\s+lebih$")
# The item before the value: "per berkas 5 menit", "setiap pemohon 10 menit".
_ITEM_FIRST = re.compile(r"^(?:per|tiap|setiap)\s+(?P<item>[a-z][a-z ]*?)\s+(?=\d)")
# A value in parentheses after words: "sesuai SLA (1 hari)".
_VALUE_IN_PARENTHESES = re.compile(r"\(([^()]*\d[^()]*)\)")


def _unlabelled(text: str) -> str:
    """`text` without a label before the value ("proses 1 minggu" -> "1 minggu"), an
    item before it ("per berkas 5 menit" -> "5 menit": the time for one) or "sampai
    selesai" after it ("5 menit sampai selesai" -> "5 menit")."""
    if text[:1].isalpha():
        text = _spelled_value(text) or _without_label(text)
        item = _ITEM_FIRST.match(text)
        if item and _plain_item(item["item"]):
            text = text[item.end() :]
    if text.endswith("selesai") and any(c.isdigit() for c in numbers_in_words(text)):
        text = _TO_THE_END.sub("", text)
    return text


def _not_fixed(text: str) -> bool:
    """Whether `text` says the time is not fixed, after a label or not ("sesuai SLA",
    "proses sesuai SLA (1 hari)": the label is kept by `_unlabelled` when no digit
    follows it)."""
    if _NOT_FIXED.match(text):
        return True
    head = _LABEL_HEAD.match(text)
    if head is None:
        return False
    word = head["word"]
    rest = text[head.start("word") :] if word in _READ_WORDS else text[head.end() :]
    return bool(_NOT_FIXED.match(rest))


def _without_label(text: str) -> str:
    """`text` without the label before its value, keeping a word the reader reads
    ("proses maksimal: 3 hari" -> "maksimal 3 hari")."""
    separated = _LABEL_SEPARATED.match(text)
    label = separated or _LABEL.match(text)
    if separated and separated["word"] in _READ_WORDS:
        return f"{separated['word']} {text[separated.end() :]}"
    if label and label["word"] in _READ_WORDS:
        return text[label.start("word") :]
    return text[label.end() :] if label else text


def _spelled_value(text: str) -> str | None:
    """The value after a label when it starts with a number in words: "proses dua
    hari" -> "dua hari", "waktu: satu - dua hari" -> "satu - dua hari" (the dash is
    the range's, not a separator); None otherwise."""
    head = _LABEL_HEAD.match(text)
    if head is None:
        return None
    if _is_number_word(head["word"]):
        return text[head.start("word") :]
    rest = text[head.end() :]
    if head["word"] is None and _is_number_word(rest.split(" ", 1)[0]):
        return rest
    return None


def _is_number_word(word: str | None) -> bool:
    """Whether `word` is a number in words ("dua", "seminggu", "setengah")."""
    return bool(word) and any(c.isdigit() for c in numbers_in_words(word))


def _plain_item(item: str) -> bool:
    """Whether the item before a value names one thing ("berkas", "pemohon"), so the
    value is the time for one; not when it counts ("dua berkas") or is a period
    ("tahun anggaran"): then the text is a rate or a schedule, not a duration."""
    words = numbers_in_words(item)
    return not any(c.isdigit() for c in words) and not any(
        word in UNIT_WORDS for word in words.split()
    )


def _value_in_parentheses(text: str, calendar: WorkCalendar) -> Reading | None:
    """ "sesuai SLA (1 hari)": the value in the parentheses, with the words around it
    as its condition; None when the parentheses hold no readable value."""
    found = _VALUE_IN_PARENTHESES.search(text)
    if found is None:
        return None
    duration = _value(numbers_in_words(found[1].strip()), calendar)
    if duration is None:
        return None
    words = " ".join((text[: found.start()] + " " + text[found.end() :]).split())
    return Reading(WaktuStatus.TERBACA, duration, words or None)


_DIGIT_WORDS = {
    "nol": 0,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
_SE_WORDS = {
    "sepuluh": "10",
    "sebelas": "11",
    "seratus": "100",
    "semenit": "1 menit",
    "sejam": "1 jam",
    "sehari": "1 hari",
    "seminggu": "1 minggu",
    "sepekan": "1 minggu",
    "sebulan": "1 bulan",
    "setahun": "1 tahun",
}


_NUMBER_WORD = re.compile(
    "|".join([*_DIGIT_WORDS, *_SE_WORDS, "setengah", "perempat"])
)  # a quick test before splitting into words


def _word_number(words: list[str], at: int) -> tuple[int, int] | None:
    """The number written in words from words[at] ("dua puluh lima"), and how many
    words it takes; None when words[at] is no number word."""
    word = words[at]
    if word in ("sepuluh", "sebelas", "seratus"):
        return int(_SE_WORDS[word]), 1
    if word not in _DIGIT_WORDS:
        return None
    value = _DIGIT_WORDS[word]
    following = words[at + 1] if at + 1 < len(words) else ""
    if following == "belas":
        return 10 + value, 2
    if following == "puluh":
        after = words[at + 2] if at + 2 < len(words) else ""
        if after in _DIGIT_WORDS:
            return 10 * value + _DIGIT_WORDS[after], 3
        return 10 * value, 2
    return value, 1


def numbers_in_words(text: str) -> str:
    """Numbers written in words as digits: "dua hari" -> "2 hari", "satu setengah jam" ->
    "1,5 jam", "setengah hari" -> "0,5 hari", "seperempat jam" -> "0,25 jam", "tiga
    perempat jam" -> "0,75 jam", "sehari" -> "1 hari" (text in lower case)."""
    if not _NUMBER_WORD.search(text):
        return text
    words = text.split(" ")
    result: list[str] = []
    at = 0
    while at < len(words):
        word = words[at]
        found = _word_number(words, at)
        if found is not None:
            result.append(str(found[0]))
            at += found[1]
            continue
        if word in ("setengah", "seperempat"):
            part = ",5" if word == "setengah" else ",25"
            if result and result[-1].isdigit():
                result[-1] += part  # "satu seperempat jam" -> "1,25 jam"
            else:
                result.append("0" + part)
        elif word == "perempat" and result and result[-1].isdigit():
            result[-1] = _decimal(Fraction(int(result[-1]), 4))  # "tiga perempat" -> "0,75"
        else:
            result.append(_SE_WORDS.get(word, word))
        at += 1
    return " ".join(result)


class WaktuStatus(StrEnum):
    """What reading a waktu gave."""

    TERBACA = "terbaca"  # a duration (exact, range or bound)
    KOSONG = "kosong"  # a dash for an empty cell ("-"): no waktu written
    TAK_TENTU = "tak-tentu"  # words that say the time is not fixed ("segera")
    TAK_TERBACA = "tak-terbaca"  # not a duration the tool can read
    TERLALU_PANJANG = "terlalu-panjang"  # a number of more than MAX_DIGITS digits


@dataclass(frozen=True, slots=True)
class Reading:
    """The result of reading one waktu."""

    status: WaktuStatus
    duration: Duration | None = None
    condition: str | None = None  # words after the value ("setelah berkas lengkap")


_SLASH_FRACTION = re.compile(r"(?<![\d.,/])(?:(\d+)\s+)?([1-3])\s*/\s*([234])(?![\d/])")
_MINUTE_MARK = re.compile(r"(\d)\s*['’′](?!\w)")
_WORD_IN_PARENTHESES = re.compile(r"(\d)\s*\([a-z\s]+\)")
_TIMES = re.compile(r"(\d+(?:[.,]\d+)?)\s*[x×]\s*(\d+(?:[.,]\d+)?)(?=\s*[a-z])")
# "1:30" or "0:45 jam": hours and minutes, up to 4 hours, as a step takes; "7:30" or
# "08:00" is a clock time (the office opens), never taken for a duration.
_HOURS_MINUTES = re.compile(r"(?<![\d:.,])([0-4]):([0-5]\d)(?![\d:])(?:\s*jam\b)?")


def _fraction(match: re.Match[str]) -> str:
    value = Fraction(int(match[2]), int(match[3])) + int(match[1] or 0)
    return _decimal(value)


def _decimal(value: Fraction) -> str:
    """A number as a decimal with a comma ("1,5"), as `_NUMBER` reads it."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.6f}".rstrip("0").replace(".", ",")


def _normalised(text: str) -> str:
    """Lower case, one space between words, no footnote mark at either end; "1/2" and
    "1 ½" as decimals, "15'" as minutes, "2 (dua) x 24 jam" without the words."""
    lowered = " ".join(text.lower().split())
    # Each rewrite only when its mark is there: most waktu are plain ("15 menit").
    if "*" in lowered:
        lowered = _FOOTNOTE.sub("", lowered)
    if "½" in lowered or "¼" in lowered or "¾" in lowered:
        lowered = re.sub(r"(\d)\s*([½¼¾])", lambda m: f"{m[1]}{_HALVES[m[2]]}", lowered)
    if "/" in lowered:
        lowered = _SLASH_FRACTION.sub(_fraction, lowered)
    if "'" in lowered or "’" in lowered or "′" in lowered:
        lowered = _MINUTE_MARK.sub(r"\1 menit", lowered)
    if "(" in lowered:
        lowered = _WORD_IN_PARENTHESES.sub(r"\1", lowered)
    if ":" in lowered:
        lowered = _HOURS_MINUTES.sub(lambda m: f"{m[1]} jam {int(m[2])} menit", lowered)
    if "," in lowered:  # "1 jam, 30 menit": one time in two parts, not a condition
        lowered = _UNITS_LISTED.sub(r"\1 ", lowered)
    return lowered.rstrip(" .;,")  # a list item's closing mark, as tables are transcribed


_HALVES = {"½": ",5", "¼": ",25", "¾": ",75"}
# A larger unit, a comma, then a smaller one: "1 jam, 30 menit", "2 hari, 3 jam".
_UNITS_LISTED = re.compile(r"(\d\s*(?:hari|jam))\s*,\s*(?=\d+\s*(?:jam|menit)\b)")


def _days_of_24(match: re.Match[str], calendar: WorkCalendar) -> str:
    """Hours written alone, from 24 on, as days of 24 ("24 jam" -> "1 hari", "36 jam"
    -> "1,5 hari": the "1 x 24 jam" of service standards), so that more hours never
    make less time ("36 jam" was 4.8 working days, "48 jam" 2). Between a working
    day's hours and 24 ("8 jam", "12 jam") they are one working day: an office day
    holds no more, and "8 jam" must not come out longer than "24 jam"."""
    hours = int(match[1])
    if hours >= 24:
        return f"{_decimal(Fraction(hours, 24))} hari"
    return "1 hari" if hours > calendar.hours_per_day else match[0]


def _value(text: str, calendar: WorkCalendar) -> Duration | None:
    """A value with its bounds ("paling lama 3 hari", "1x24 jam", "2 jam/berkas")."""
    at_most = bool(_UPPER_RE.search(text))
    at_least = bool(_LOWER_RE.search(text))
    cleaned = _UPPER_RE.sub(" ", text) if at_most else text
    cleaned = _LOWER_RE.sub(" ", cleaned) if at_least else cleaned
    cleaned = " ".join(_ESTIMATE_RE.sub(" ", cleaned).split())
    if cleaned.startswith(("s", "h")) and _UP_TO.match(cleaned):
        cleaned = _UP_TO.sub("", cleaned)
        at_most = True
    if "x" in cleaned or "×" in cleaned:
        cleaned = _TIMES_24.sub(lambda m: f"{m[1]} hari", cleaned)
        cleaned = _TIMES.sub(lambda m: _decimal(_number(m[1]) * _number(m[2])), cleaned)
    elif cleaned.endswith("jam"):
        cleaned = _WHOLE_DAYS_OF_24.sub(lambda m: _days_of_24(m, calendar), cleaned)
    duration = parse_waktu(cleaned, calendar)
    if duration is None:
        per_item = _PER_ITEM.search(cleaned)
        if per_item and not _amounts(per_item["item"].strip()):
            duration = parse_waktu(cleaned[: per_item.start()], calendar)
    if duration is None or (at_most and at_least):
        return None
    if at_most or at_least:
        duration = Duration(duration.low_seconds, duration.high_seconds, at_most, at_least)
    return duration


@lru_cache(maxsize=4096)
def read_waktu(text: str, calendar: WorkCalendar = DEFAULT_CALENDAR) -> Reading:
    """Read a waktu, telling a known unknown ("segera") from an unreadable text.

    >>> read_waktu("paling lama 3 hari").duration.at_most
    True
    >>> read_waktu("1x24 jam").duration.low
    Fraction(450, 1)
    >>> read_waktu("tergantung jumlah berkas").status
    <WaktuStatus.TAK_TENTU: 'tak-tentu'>
    >>> read_waktu("3 hari kerja setelah berkas lengkap").condition
    'setelah berkas lengkap'
    """
    lowered = _normalised(text)
    if _LONG_NUMBER.search(lowered):
        return Reading(WaktuStatus.TERLALU_PANJANG)
    if _EMPTY.match(lowered):
        return Reading(WaktuStatus.KOSONG)
    lowered = _unlabelled(lowered)
    if _not_fixed(lowered) or _DEADLINE.search(lowered):
        if "(" in lowered and (in_parentheses := _value_in_parentheses(lowered, calendar)):
            return in_parentheses
        return Reading(WaktuStatus.TAK_TENTU)
    lowered = numbers_in_words(lowered)
    if (frequency := _FREQUENCY.search(lowered)) is not None:
        return _beside_frequency(lowered, frequency, calendar)
    duration = _value(lowered, calendar)
    if duration is not None:
        return Reading(WaktuStatus.TERBACA, duration)
    for split in _CONDITION.finditer(lowered):
        head, rest = lowered[: split.start()], lowered[split.end() :].strip(" ,;:")
        duration = _value(head, calendar) if head and rest else None
        if duration is not None:
            return Reading(WaktuStatus.TERBACA, duration, rest)
    if _SCHEDULE.search(lowered) and not any(c.isdigit() for c in lowered):
        return Reading(WaktuStatus.TAK_TENTU)
    spoken = _SPOKEN_HALF.sub(r"\1,5 \2", _SPOKEN_MORE.sub(r"lebih dari \1", lowered))
    if spoken != lowered and (duration := _value(spoken, calendar)) is not None:
        return Reading(WaktuStatus.TERBACA, duration)
    return Reading(WaktuStatus.TAK_TERBACA)


def _beside_frequency(text: str, frequency: re.Match[str], calendar: WorkCalendar) -> Reading:
    """A waktu that says how often the step runs ("3 bulan sekali", "1x sebulan": once a
    month, not a month's work): the value beside it, with the frequency as its
    condition ("15 menit, 2 kali seminggu"), or not fixed when there is none."""
    rest = f"{text[: frequency.start()]} {text[frequency.end() :]}".strip(" ,;:()")
    duration = _value(rest, calendar) if rest else None
    if duration is None:
        return Reading(WaktuStatus.TAK_TENTU)
    return Reading(WaktuStatus.TERBACA, duration, frequency.group(0))


_EXAMPLES = ("15 menit", "1 jam 30 menit", "3 hari kerja", "1-2 hari", "paling lama 5 hari")
_KNOWN_WORDS = sorted(
    {*UNIT_WORDS, "paling", "lama", "cepat", "maksimal", "minimal", "kerja", "s.d."}
)


def closest_readable(text: str, calendar: WorkCalendar = DEFAULT_CALENDAR) -> list[str]:
    """Readable waktu close to `text`, best first (for the hint of an unreadable waktu).

    - the longest readable beginning ("3 hari setelah berkas lengkap" -> "3 hari":
      the rest belongs in `keterangan`);
    - misspelt units corrected ("3 hri" -> "3 hari");
    then general examples, so the hint always shows some readable forms.
    """
    lowered = re.sub(r"\s+", " ", text.lower()).strip()
    if _LONG_NUMBER.search(lowered):
        return list(_EXAMPLES[:3])
    words = lowered.split(" ")
    found: list[str] = []
    fixed = " ".join(
        word
        if not word.isalpha() or word in _KNOWN_WORDS
        else next(iter(difflib.get_close_matches(word, _KNOWN_WORDS, n=1, cutoff=0.6)), word)
        for word in words
    )
    reading = read_waktu(fixed, calendar)
    if fixed != lowered and reading.status is WaktuStatus.TERBACA:
        # the value only: a condition after it belongs in `keterangan`
        condition = reading.condition
        found.append(fixed[: fixed.rfind(condition)].strip(" ,;:") if condition else fixed)
    for end in range(len(words) - 1, 0, -1):
        beginning = " ".join(words[:end])
        if read_waktu(beginning, calendar).status is WaktuStatus.TERBACA:
            found.append(beginning)
            break
    found += [example for example in _EXAMPLES if example not in found]
    return found[:4]


@lru_cache(maxsize=4096)
def parse_waktu(text: str, calendar: WorkCalendar = DEFAULT_CALENDAR) -> Duration | None:
    """Read a plain waktu as authors write it; None when it cannot be read.

    Bounds, "N x 24 jam" and words are `read_waktu`'s: use that one for what
    authors write; this reads the numbers and units.

    >>> parse_waktu("15 Menit").low
    Fraction(15, 1)
    >>> parse_waktu("1 (satu) hari").low
    Fraction(450, 1)
    >>> d = parse_waktu("1-2 hari"); (d.low, d.high)
    (Fraction(450, 1), Fraction(900, 1))
    """
    cleaned = _PARENTHESES.sub(" ", text.lower())
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    if not cleaned or _LONG_NUMBER.search(cleaned):
        return None
    parts = _RANGE_SPLIT.split(cleaned)
    if len(parts) > 2 or any(not part for part in parts):
        return None
    amounts = [_amounts(part) for part in parts]
    if any(a is None for a in amounts):
        return None
    if len(amounts) == 2:
        first, second = amounts[0], amounts[1]
        assert first is not None and second is not None
        # "1-2 hari": the first number takes the unit of the second.
        if len(first) == 1 and first[0][1] is None and second[-1][1] is not None:
            first = [(first[0][0], second[-1][1])]
        low, high = _total(first, calendar), _total(second, calendar)
        if low is None or high is None or low > high:
            return None
        return Duration(_seconds(low), _seconds(high))
    assert amounts[0] is not None
    value = _total(amounts[0], calendar)
    return None if value is None else Duration(_seconds(value), _seconds(value))


@lru_cache(maxsize=8192)
def format_minutes(
    minutes: Fraction | int, calendar: WorkCalendar = DEFAULT_CALENDAR, lang: str = DEFAULT_LANG
) -> str:
    """Working minutes in the words a reader uses: "4 hari 1 jam 55 menit"."""
    total = Fraction(minutes)
    day = calendar.minutes_per_day
    days = int(total // day)
    rest = total - days * day
    hours = int(rest // 60)
    rest -= hours * 60
    return _in_words(days, hours, round(rest) if rest else None, lang)


def _in_words(days: int, hours: int, minutes: int | None, lang: str) -> str:
    """'4 hari 1 jam 55 menit': the parts that are there (`minutes` None: no rest
    at all; 0: a rest that rounds to none, still said)."""
    parts = []
    if days:
        parts.append(_amount(days, "hari", lang))
    if hours:
        parts.append(_amount(hours, "jam", lang))
    if minutes is not None:
        parts.append(_amount(minutes, "menit", lang))
    return " ".join(parts) or _amount(0, "menit", lang)


def _amount(count: int, unit: str, lang: str) -> str:
    form = "satu" if count == 1 else "banyak"
    return f"{count} {translate(f'durasi.{unit}.{form}', lang)}"


# The calendar asked about last (told by identity) and its day in seconds.
_last_day: tuple[WorkCalendar | None, int | None] = (None, None)


def _day_seconds(calendar: WorkCalendar) -> int | None:
    """The seconds of one working day of `calendar` when a whole number, else None."""
    global _last_day
    last, seconds = _last_day  # one read: another thread may replace it
    if last is not calendar:
        day = calendar.hours_per_day * 3600
        whole = type(day) is int or (type(day) is Fraction and day.denominator == 1)
        seconds = int(day) if whole else None
        _last_day = (calendar, seconds)
    return seconds


def _seconds_words(seconds: int, calendar: WorkCalendar, lang: str) -> str:
    """`format_minutes(Fraction(seconds, 60), calendar, lang)`, in whole seconds when a
    working day is a whole number of seconds (always, but for odd settings): no
    fractions made, none hashed (a summary of 1,000 SOPs writes thousands)."""
    day = _day_seconds(calendar)
    if day is None:
        return format_minutes(Fraction(seconds, 60), calendar, lang)
    days, rest = divmod(seconds, day)  # floor division, as `total // day` above
    hours, rest = divmod(rest, 3600)
    if not rest:
        return _in_words(days, hours, None, lang)
    minutes = rest // 60 if rest % 60 == 0 else round(Fraction(rest, 60))
    return _in_words(days, hours, minutes, lang)


@lru_cache(maxsize=8192)
def format_duration(
    duration: Duration, calendar: WorkCalendar = DEFAULT_CALENDAR, lang: str = DEFAULT_LANG
) -> str:
    """A duration in words; a range as "1 hari s.d. 2 hari"; a bound as "paling lama 3 hari"."""
    return duration_words(duration, calendar, lang)


def duration_words(duration: Duration, calendar: WorkCalendar, lang: str) -> str:
    """`format_duration` without its cache, for a caller that keeps the words itself
    (per calendar, told by identity: hashing a calendar hashes its fractions)."""
    low = _seconds_words(duration.low_seconds, calendar, lang)
    high = (
        low
        if duration.high_seconds == duration.low_seconds
        else _seconds_words(duration.high_seconds, calendar, lang)
    )
    if duration.at_most and not duration.at_least:
        return f"{translate('durasi.paling_lama', lang)} {high}"
    if duration.at_least and not duration.at_most:
        return f"{translate('durasi.paling_cepat', lang)} {low}"
    text = f"{low} {translate('durasi.sampai', lang)} {high}" if duration.is_range else low
    if duration.is_bound:  # both kinds of bound added up: no bound holds for the sum
        return f"{text} {translate('durasi.tak_pasti', lang)}"
    return text


@dataclass(frozen=True)
class DurationText:
    """A duration as a message argument: written in the reader's language when the
    message is (see `messages.translate`), not when the finding is made."""

    duration: Duration
    calendar: WorkCalendar = DEFAULT_CALENDAR

    def localised(self, lang: str) -> str:
        """The duration in words, in `lang`."""
        return format_duration(self.duration, self.calendar, lang)

    def __str__(self) -> str:
        return self.localised(DEFAULT_LANG)
