"""`battlemap import` with real files made here: a GBK CSV with Chinese headers, an XLSX
with First/Last Name columns, bad CSVs. The account file is edited by position: every byte
the import does not change stays as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from battlemap.cli import app
from tests.conftest import run_battlemap

ACCOUNT = """\
# 测试账户
battlemap: 1
account:
  id: east-steel
  name: 华东钢铁
  as_of: 2026-11-01
  lang: zh
team:
  - {id: chen-hao, name: 陈浩}
contacts:
  # 高层
  - id: wang-gang
    name: 王刚
    title: "总经理"   # 引号保留
    department: 总经办

  - id: li-ming
    name: 李明
    title: 'CIO'
    reports_to: wang-gang
# 结尾注释
"""

GBK_ROWS = """\
姓名,职务,部门,直属上级,客户编号,手机
李明,'首席信息官',信息中心,王刚,C-2,13800000000
王海涛,信息中心主任,信息中心,李明,C-3,13900000000
欧阳明,工程师,信息中心,王海涛,C-4,
曾国藩,顾问,,王刚,C-5,
"""

ADDED = """\

  - id: wang-haitao
    name: 王海涛
    crm_id: C-3
    title: 信息中心主任
    department: 信息中心
    reports_to: li-ming

  - id: ouyang-ming
    name: 欧阳明
    crm_id: C-4
    title: 工程师
    department: 信息中心
    reports_to: wang-haitao

  - id: zeng-guofan
    name: 曾国藩
    crm_id: C-5
    title: 顾问
    reports_to: wang-gang
"""

EXPECTED = ACCOUNT.replace(
    "    title: 'CIO'\n    reports_to: wang-gang\n",
    "    title: '''首席信息官'''\n    reports_to: wang-gang\n"
    "    crm_id: C-2\n    department: 信息中心\n" + ADDED,
)
"""Only these bytes change: 李明's title in place (in its own quotes), two keys after his
last line, three contacts after the list's last item, set apart by blank lines as the
list's items are."""


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def account(tmp_path: Path) -> Path:
    path = tmp_path / "east-steel.yaml"
    path.write_bytes(ACCOUNT.encode("utf-8"))
    return path


@pytest.fixture
def gbk_csv(tmp_path: Path) -> Path:
    path = tmp_path / "crm.csv"
    path.write_bytes(GBK_ROWS.encode("gbk"))
    return path


def test_gbk_csv_merges_by_position_keeping_every_other_byte(account: Path, gbk_csv: Path) -> None:
    code, out, _ = invoke("import", gbk_csv, "--into", account)
    assert code == 0
    assert "新增 3 位联系人，更新 1 位" in out
    assert account.read_text(encoding="utf-8") == EXPECTED
    assert "138" not in account.read_text(encoding="utf-8")  # no phone numbers
    assert invoke("check", account)[0] == 0


def test_importing_again_changes_nothing(account: Path, gbk_csv: Path) -> None:
    invoke("import", gbk_csv, "--into", account)
    before = account.read_bytes()
    code, out, _ = invoke("import", gbk_csv, "--into", account, "--lang", "en")
    assert code == 0
    assert "nothing to change" in out
    assert account.read_bytes() == before


def test_dry_run_prints_a_diff_and_writes_nothing(account: Path, gbk_csv: Path) -> None:
    code, out, _ = invoke("import", gbk_csv, "--into", account, "--dry-run", "--lang", "en")
    assert code == 0
    assert account.read_text(encoding="utf-8") == ACCOUNT
    assert "+  - id: wang-haitao" in out
    assert "+    department: 信息中心" in out
    assert "+3 contacts, 1 updated" in out
    assert "dry run: nothing written" in out


def test_crlf_and_bom_are_kept(tmp_path: Path, gbk_csv: Path) -> None:
    account = tmp_path / "crlf.yaml"
    account.write_bytes(b"\xef\xbb\xbf" + ACCOUNT.replace("\n", "\r\n").encode("utf-8"))
    assert invoke("import", gbk_csv, "--into", account)[0] == 0
    expected = b"\xef\xbb\xbf" + EXPECTED.replace("\n", "\r\n").encode("utf-8")
    assert account.read_bytes() == expected


def test_utf8_csv_with_bom_matches_by_crm_id(account: Path, tmp_path: Path) -> None:
    account.write_text(ACCOUNT.replace("    reports_to: wang-gang\n", "    crm_id: X-9\n"))
    source = tmp_path / "crm.csv"
    source.write_bytes(b"\xef\xbb\xbf" + b"Contact ID,Full Name,Title\nX-9,Li Ming,CTO\n")
    assert invoke("import", source, "--into", account)[0] == 0
    text = account.read_text(encoding="utf-8")
    assert "    name: 李明\n    title: 'CTO'\n    crm_id: X-9\n" in text  # matched, not added
    assert "Li Ming" not in text


def test_xlsx_first_and_last_names_values_not_formulas(account: Path, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Contacts"
    sheet.append(["Contact ID", "First Name", "Last Name", "Title", "Reports To", "Email"])
    sheet.append(["003A", "John", "Smith", "=1+1", "王刚", "john@example.com"])
    sheet.append(["003B", "海涛", "王", "Engineer", "John Smith", None])
    sheet.append([None, None, None, None, None, None])
    path = tmp_path / "export.xlsx"
    book.save(path)
    code, out, _ = invoke("import", path, "--into", account, "--sheet", "Contacts", "--lang", "en")
    assert code == 0, out
    text = account.read_text(encoding="utf-8")
    assert (
        "  - id: john-smith\n    name: John Smith\n    crm_id: 003A\n    reports_to: wang-gang\n"
        in text
    )
    assert "  - id: wang-haitao\n    name: 王海涛\n    crm_id: 003B\n" in text
    assert "    reports_to: john-smith\n" in text
    assert "=1+1" not in text and "example.com" not in text
    code, _, err = invoke("import", path, "--into", account, "--sheet", "Nope", "--lang", "en")
    assert code == 2
    assert "no sheet 'Nope'" in err and "Contacts" in err


def test_bad_rows_are_diagnostics_at_source_row_column(account: Path, tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(
        "Name,Title,Manager\n"
        "Anna Lee,CTO,\n"
        ",Engineer,Anna Lee\n"
        "Bob Chen,Engineer,Nobody Here\n"
        "Anna Lee,COO,\n",
        encoding="utf-8",
    )
    code, out, err = invoke("import", source, "--into", account, "--lang", "en")
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == f"{source}:3:1: error[import-no-name] this row has no name"
    assert lines[1].startswith(
        f"{source}:5:1: error[import-duplicate-name] "
        "two rows with the name 'Anna Lee' (the first at row 2)"
    )
    assert lines[2].startswith(
        f"{source}:4:3: error[import-manager-not-found] no contact named 'Nobody Here'"
    )
    assert "nothing written" in lines[-1]
    assert account.read_text(encoding="utf-8") == ACCOUNT


def test_messages_in_the_accounts_language(account: Path, tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("姓名\n\n,\n", encoding="utf-8")
    source.write_text("姓名,职务\n,工程师\n", encoding="utf-8")
    code, _, err = invoke("import", source, "--into", account)
    assert code == 1
    assert f"{source}:2:1: error[import-no-name] 这一行没有姓名" in err


def test_an_account_without_lang_is_answered_in_the_locales_language(
    account: Path, gbk_csv: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No lang in the account, none in a battlemap.yaml: LANG decides (not the en that
    defaults fill in for files)."""
    account.write_text(account.read_text(encoding="utf-8").replace("  lang: zh\n", ""), "utf-8")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    code, out, err = invoke("import", gbk_csv, "--into", account)
    assert code == 0, err
    assert "新增 3 位联系人" in out


@pytest.mark.parametrize("name", ["gone.csv", "gone.xlsx"])
def test_a_missing_source_is_named_in_words(account: Path, tmp_path: Path, name: str) -> None:
    """No errno, no English, no repeated path in a zh run."""
    code, _, err = invoke("import", tmp_path / name, "--into", account)
    assert code == 2
    assert err == f"battlemap：错误：{tmp_path / name}：找不到这个文件\n"


def test_neither_utf8_nor_gb18030_is_an_error(account: Path, tmp_path: Path) -> None:
    source = tmp_path / "binary.csv"
    source.write_bytes(b"Name\nAnna\n\xff\xfe\xff\n")
    code, _, err = invoke("import", source, "--into", account, "--lang", "en")
    assert code == 1
    assert f"{source}:3:1: error[import-encoding]" in err
    assert account.read_text(encoding="utf-8") == ACCOUNT


def test_no_name_column(account: Path, tmp_path: Path) -> None:
    source = tmp_path / "x.csv"
    source.write_text("Email,Phone\na@b.c,1\n", encoding="utf-8")
    code, _, err = invoke("import", source, "--into", account, "--lang", "en")
    assert code == 1
    assert "error[import-no-name-column]" in err


def test_mapping_maps_other_headers(account: Path, tmp_path: Path) -> None:
    source = tmp_path / "x.csv"
    source.write_text("员工,岗位名称,备注\n赵敏,采购经理,私事\n", encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("员工: name\n岗位名称: title\n备注: ignore\n", encoding="utf-8")
    assert invoke("import", source, "--into", account, "--mapping", mapping)[0] == 0
    assert "  - id: zhao-min\n    name: 赵敏\n    title: 采购经理\n" in account.read_text()
    mapping.write_text("员工: email\n", encoding="utf-8")
    code, _, err = invoke("import", source, "--into", account, "--mapping", mapping)
    assert code == 2
    assert "字段必须是以下之一" in err  # the account's language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("员工：name\n", "mapping.yaml:1:3: error[fullwidth-colon] 这里是全角冒号「：」"),
        ("员工: name\n  岗位: title\n", "mapping.yaml:2:"),
    ],
)
def test_a_broken_mapping_is_said_at_its_character(
    account: Path, tmp_path: Path, text: str, expected: str
) -> None:
    source = tmp_path / "x.csv"
    source.write_text("员工\n赵敏\n", encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(text, encoding="utf-8")
    code, _, err = invoke("import", source, "--into", account, "--mapping", mapping)
    assert code == 2
    assert "无法读取映射文件：" in err and expected in err
    assert "while scanning" not in err and "could not find" not in err  # no libyaml English
    assert account.read_text(encoding="utf-8") == ACCOUNT


def test_a_result_with_new_errors_is_not_written(account: Path, tmp_path: Path) -> None:
    """王刚 reporting to 李明, who reports to 王刚: a cycle the file did not have."""
    source = tmp_path / "cycle.csv"
    source.write_text("姓名,上级\n王刚,李明\n", encoding="utf-8")
    code, _, err = invoke("import", source, "--into", account, "--lang", "en")
    assert code == 1
    assert "error[reports-to-cycle]" in err
    assert "the import would add these errors" in err
    assert account.read_text(encoding="utf-8") == ACCOUNT
    assert [p.name for p in account.parent.iterdir() if p.name.startswith(".")] == []


def test_errors_the_file_already_had_do_not_block(account: Path, tmp_path: Path) -> None:
    broken = ACCOUNT.replace("    department: 总经办\n", "    department: 总经办\n    x: 1\n")
    account.write_text(broken, encoding="utf-8")
    source = tmp_path / "one.csv"
    source.write_text("Name\n赵敏\n", encoding="utf-8")
    assert invoke("import", source, "--into", account)[0] == 0
    assert account.read_text(encoding="utf-8").endswith(
        "  - id: zhao-min\n    name: 赵敏\n# 结尾注释\n"
    )


def test_flow_lists_and_missing_contacts(tmp_path: Path) -> None:
    account = tmp_path / "a.yaml"
    head = "battlemap: 1\naccount: {id: a, name: A, as_of: 2026-11-01}\n"
    source = tmp_path / "one.csv"
    source.write_text("Name,Title\nAnna Lee,CTO\n", encoding="utf-8")
    account.write_text(head, encoding="utf-8")
    assert invoke("import", source, "--into", account)[0] == 0
    assert (
        account.read_text()
        == head + "contacts:\n  - id: anna-lee\n    name: Anna Lee\n    title: CTO\n"
    )
    account.write_text(head + "contacts: []  # none yet\n", encoding="utf-8")
    assert invoke("import", source, "--into", account)[0] == 0
    assert account.read_text() == (
        head + "contacts:\n  - id: anna-lee\n    name: Anna Lee\n    title: CTO  # none yet\n"
    )
    account.write_text(head + "contacts: [{id: bo, name: Bo}]\n", encoding="utf-8")
    assert invoke("import", source, "--into", account)[0] == 0
    assert account.read_text() == (
        head + "contacts: [{id: bo, name: Bo}, {id: anna-lee, name: Anna Lee, title: CTO}]\n"
    )


def test_in_a_new_process(account: Path, gbk_csv: Path) -> None:
    done = run_battlemap("import", gbk_csv, "--into", account, "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("+3 contacts, 1 updated")


def test_terminal_text_is_escaped(account: Path, tmp_path: Path) -> None:
    source = tmp_path / "esc.csv"
    source.write_text("Name\nA\x1b[2J\nA\x1b[2J\n", encoding="utf-8")
    code, _, err = invoke("import", source, "--into", account, "--lang", "en")
    assert code == 1
    assert "\x1b" not in err
    assert "two rows with the name 'A\\x1b[2J'" in err
