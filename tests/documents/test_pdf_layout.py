"""Every byte of an uploaded PDF belongs to a revision that pypdf and pyHanko read;
links to other files are active content. Checked on the inspection alone (the
ventanilla's refusals are in tests/procedures/test_hostile_files.py)."""

import pytest
from django.core.exceptions import ValidationError

from clavepatronal.documents.inspection import upload_inspect
from clavepatronal.documents.pdf_layout import LayoutProblem, pdf_layout_problem
from tests.procedures import files


def refusal_code(data: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        upload_inspect(name="r.pdf", data=data)
    assert refused.value.messages[0].startswith("«r.pdf»")
    return refused.value.code


def test_a_plain_pdf_and_a_closed_incremental_update_pass():
    assert pdf_layout_problem(files.pdf()) is None
    assert pdf_layout_problem(files.later_revision(files.pdf())) is None
    assert upload_inspect(name="r.pdf", data=files.later_revision(files.pdf()))


def test_line_ends_and_padding_after_the_last_eof_are_allowed():
    assert pdf_layout_problem(files.pdf() + b"\r\n\x00\x00 \n") is None


def test_a_revision_appended_without_its_eof_is_refused():
    assert refusal_code(files.pdf_shadow_javascript()) == "pdf_hidden_revision"


def test_a_revision_left_unclosed_in_the_middle_is_refused():
    data = files.later_revision(files.pdf())
    first_eof = data.index(b"%%EOF")
    unclosed = data[:first_eof] + b"%%EOX" + data[first_eof + 5 :]
    assert pdf_layout_problem(unclosed) == LayoutProblem.HIDDEN_REVISION


def test_a_closing_that_points_to_a_section_the_parsers_never_read_is_refused():
    data = files.later_revision(files.pdf())
    first_eof = data.index(b"%%EOF")
    start = data.rindex(b"startxref", 0, first_eof)
    other = data[:start] + b"startxref\n9\n" + data[first_eof:]
    assert pdf_layout_problem(other) == LayoutProblem.HIDDEN_REVISION


def test_data_after_the_last_eof_is_refused():
    assert refusal_code(files.pdf() + files.zip_with_html()) == "pdf_trailing_data"
    assert refusal_code(files.pdf() + b"\n<html></html>") == "pdf_trailing_data"


@pytest.mark.parametrize(
    "target",
    [
        "file:///C:/Windows/System32/calc.exe",
        "FILE://servidor/recurso",
        "\\\\atacante.example\\docs",
        "smb://atacante.example/docs",
        "C:\\Windows\\System32\\calc.exe",
        "/etc/passwd",
    ],
)
def test_a_link_to_a_local_or_network_file_is_refused(target):
    assert refusal_code(files.pdf_uri(target)) == "pdf_local_link"


@pytest.mark.parametrize(
    "target", ["https://www.iess.gob.ec/", "http://sri.gob.ec", "mailto:a@b.ec"]
)
def test_a_link_to_a_web_page_or_mail_passes(target):
    assert upload_inspect(name="r.pdf", data=files.pdf_uri(target))


def test_links_that_open_another_file_are_refused():
    assert refusal_code(files.pdf_goto_remote_unc()) == "pdf_remote"
    assert refusal_code(files.pdf_goto_embedded()) == "pdf_remote"
