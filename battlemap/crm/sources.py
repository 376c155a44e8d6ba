"""Reading a CRM export or a spreadsheet: rows of recognised fields, each value with the row
and column it was read from (for diagnostics at ``SOURCE:ROW:COL``).

CSV: UTF-8 (with or without BOM), else GB18030 (what Excel on a Chinese Windows saves; a
superset of GBK), else an error: no guessing beyond those two. XLSX: openpyxl with
``data_only=True``, so a cell holds the value Excel last computed, never a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zipfile import BadZipFile

from battlemap.diagnostics import Diagnostic, Severity
from battlemap.language import Words, os_reason

FIELDS = (
    "name",
    "first_name",
    "last_name",
    "title",
    "department",
    "reports_to",
    "organization",
    "crm_id",
)
"""What a column can hold; ``--mapping`` maps a header to one of these (or ``ignore``)."""
IGNORE = "ignore"

HEADERS: dict[str, str] = {
    **dict.fromkeys(["姓名", "名字", "联系人", "联系人姓名", "name", "full name"], "name"),
    **dict.fromkeys(["名", "first name", "firstname", "given name"], "first_name"),
    **dict.fromkeys(["姓", "last name", "lastname", "surname", "family name"], "last_name"),
    **dict.fromkeys(["职位", "职务", "岗位", "title", "job title", "position"], "title"),
    **dict.fromkeys(["部门", "所属部门", "department", "dept"], "department"),
    **dict.fromkeys(
        ["直属上级", "上级", "汇报对象", "reports to", "manager", "line manager"], "reports_to"
    ),
    **dict.fromkeys(["公司", "单位", "所属单位", "organization", "organisation"], "organization"),
    **dict.fromkeys(
        ["contact id", "crm id", "id", "客户编号", "联系人编号", "联系人id", "编号"], "crm_id"
    ),
}
"""Headers as CRMs and people write them (compared without case and surrounding spaces).
E-mail and phone columns are not here on purpose: a battle map holds no contact details."""


class SourceError(Exception):
    """The source cannot be read at all (missing, unreadable, unknown sheet): a usage error,
    said in both languages."""

    def __init__(self, words: Words) -> None:
        super().__init__(words.en)
        self.words = words


UNREADABLE = Words("cannot read it: {why.en}", "无法读取：{why.zh}")
NOT_FOUND = Words("no such file", "找不到这个文件")


def _unreadable(err: Exception) -> SourceError:
    """Why a source could not be opened, in words (no errno, no repeated path)."""
    if isinstance(err, FileNotFoundError):
        return SourceError(NOT_FOUND)
    return SourceError(
        UNREADABLE.format(
            why=os_reason(err) if isinstance(err, OSError) else Words(str(err), str(err))
        )
    )


NO_SHEET = Words(
    "no sheet '{sheet}' in the workbook; its sheets: {names}",
    "工作簿中没有名为“{sheet}”的工作表；现有工作表：{names}",
)
NOT_A_TABLE = Words(
    "the source must be a .csv or an .xlsx file", "来源文件必须是 .csv 或 .xlsx 文件"
)


@dataclass(frozen=True)
class Cell:
    value: str
    row: int
    column: int


@dataclass
class Row:
    """One data row: recognised field -> its cell (empty cells left out)."""

    number: int
    cells: dict[str, Cell] = field(default_factory=dict)

    def text(self, name: str) -> str | None:
        cell = self.cells.get(name)
        return cell.value if cell is not None else None


@dataclass
class Table:
    file: str
    rows: list[Row] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)
    """Field -> its 1-based column."""
    diagnostics: list[Diagnostic] = field(default_factory=list)


def problem(file: str, row: int, column: int, code: str, words: Words, lang: str) -> Diagnostic:
    return Diagnostic(file, row, column, Severity.ERROR, code, words.in_(lang))


NOT_TEXT = Words(
    "the file is neither UTF-8 nor GB18030 (GBK) text; save it as 'CSV UTF-8' and import again",
    "文件既不是 UTF-8 也不是 GB18030（GBK）编码；请另存为“CSV UTF-8”后重新导入",
)
NO_NAME_COLUMN = Words(
    "no name column: the first row needs 'Name' (姓名), or 'First Name' and 'Last Name'; "
    "or map a header to name with --mapping",
    "没有姓名列：第一行需要“姓名”（Name），或“First Name”和“Last Name”；"
    "也可以用 --mapping 指定哪一列是姓名",
)


def decode_csv(raw: bytes) -> tuple[str | None, int]:
    """The text of a CSV file (None if neither encoding reads it) and, when it fails, the
    1-based line of the first byte UTF-8 could not read."""
    try:
        return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8"), 0
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
    try:
        return raw.decode("gb18030"), line
    except UnicodeDecodeError:
        return None, line


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _csv_rows(raw: bytes, file: str, lang: str) -> Iterator[tuple[int, list[str]]] | Diagnostic:
    text, line = decode_csv(raw)
    if text is None:
        return problem(file, line, 1, "import-encoding", NOT_TEXT, lang)
    reader = csv.reader(io.StringIO(text, newline=""))

    def numbered() -> Iterator[tuple[int, list[str]]]:
        start = 1
        for record in reader:
            yield start, record
            start = reader.line_num + 1

    return numbered()


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, BadZipFile, InvalidFileException) as err:
        raise _unreadable(err) from err
    try:
        if sheet is not None and sheet not in book.sheetnames:
            names = ", ".join(book.sheetnames)
            raise SourceError(NO_SHEET.format(sheet=sheet, names=names))
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        for number, values in enumerate(worksheet.iter_rows(values_only=True), 1):
            yield number, [_cell_text(v) for v in values]
    finally:
        book.close()


def read_table(
    path: Path, file: str, lang: str, sheet: str | None = None, mapping: Mapping[str, str] = {}
) -> Table:
    """The rows of ``path`` with their recognised fields; ``SourceError`` if it cannot be
    read at all."""
    table = Table(file)
    if path.suffix.lower() == ".xlsx":
        rows: Iterator[tuple[int, list[str]]] | Diagnostic = _xlsx_rows(path, sheet)
    elif path.suffix.lower() == ".csv":
        try:
            raw = path.read_bytes()
        except OSError as err:
            raise _unreadable(err) from err
        rows = _csv_rows(raw, file, lang)
    else:
        raise SourceError(NOT_A_TABLE)
    if isinstance(rows, Diagnostic):
        table.diagnostics.append(rows)
        return table
    columns: dict[int, str] | None = None
    for number, values in rows:
        if columns is None:
            if not any(v.strip() for v in values):
                continue
            columns = _columns(values, mapping)
            for index, name in columns.items():
                table.columns.setdefault(name, index + 1)
            if not _names_known(set(columns.values())):
                table.diagnostics.append(
                    problem(file, number, 1, "import-no-name-column", NO_NAME_COLUMN, lang)
                )
                return table
            continue
        row = Row(number)
        for index, value in enumerate(values):
            column = columns.get(index)
            cleaned = " ".join(value.split())
            if column is not None and cleaned:
                row.cells.setdefault(column, Cell(cleaned, number, index + 1))
        if row.cells or any(v.strip() for v in values):
            table.rows.append(row)
    return table


def _names_known(fields: set[str]) -> bool:
    return "name" in fields or {"first_name", "last_name"} <= fields


def _columns(headers: list[str], mapping: Mapping[str, str]) -> dict[int, str]:
    """Column index -> field, for the headers recognised (``mapping`` first)."""
    wanted = {k.strip().lower(): v for k, v in mapping.items()}
    found: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = " ".join(header.split()).lower()
        name = wanted.get(key) or HEADERS.get(key)
        if name is not None and name != IGNORE:
            found[index] = name
    return found
