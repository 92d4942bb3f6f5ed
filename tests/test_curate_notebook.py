"""The review notebook, run end to end with Papermill on a copy of data/.

The article and its numbers are SYNTHETIC (made up for the test). The cells a researcher
edits (tagged ``review`` and ``source``) are edited here as a researcher would.
"""

import subprocess
import sys

import nbformat
import pytest

from helpers import data

from conftest import ROOT

pytestmark = pytest.mark.kernel
NOTEBOOK = ROOT / "notebooks" / "curate_article.ipynb"
ARTICLE = (
    "<!DOCTYPE html><html><head><title>Bài thử nghiệm</title>"
    '<meta property="og:url" content="https://example.org/bai-thu-nghiem.html">'
    '<meta property="article:published_time" content="2024-11-20T07:00:00+07:00">'
    "<script>var so = 999;</script></head><body><nav>Trang chủ</nav><article>"
    "<p>Năm 2023, Thanh Hóa có 1.234 doanh nghiệp công nghệ số. Tỉnh phấn đấu đến năm 2030 có "
    "ít nhất 2.000 doanh nghiệp công nghệ số.</p>"
    "<p>Liên hệ: điện thoại 0237.3852.456; Nghị quyết 06-NQ/TU ngày 10/11/2021.</p>"
    "</article></body></html>"
)
SOURCE_CELL = """source = curate.source_record(text, source_id, dataset)
source |= {
    "title_en": "Test article (synthetic figures)",
    "publisher_vi": "Nhóm kiểm thử",
    "publisher_en": "Test team",
}
source"""


def _run(tmp_path, review: str, data_dir):
    """Run a copy of the notebook with the researcher's ``review`` cell; return the result."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "review" in tags:
            cell.source = review
        if "source" in tags:
            cell.source = SOURCE_CELL
    edited = tmp_path / "curate_article.ipynb"
    nbformat.write(nb, edited)
    article = tmp_path / "bai.html"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.ipynb"
    args = ["-p", "article", str(article), "-p", "province", "thanh hoa", "-p", "basis", "63",
            "-p", "source_id", "synthetic-article", "-p", "data_dir", str(data_dir),
            "-p", "write", "True"]  # fmt: skip
    run = subprocess.run(
        [sys.executable, "-m", "papermill", "--engine", "briefs", str(edited), str(out), *args],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    return run, out


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_the_notebook_appends_the_reviewed_rows_and_they_load(tmp_path, data_copy):
    review = (
        "rows = candidates.copy()\n"
        'rows.loc[0, "series"] = "mic-dept-digital-tech-enterprises"\n'
        'rows.loc[rows.kind == "target", ["document_vi", "document_en"]] = '
        '["Kế hoạch giả lập", "A synthetic plan"]\n'
        'rows[["id", "published_text", "value", "kind", "period", "series"]]'
    )
    run, out = _run(tmp_path, review, data_copy)
    assert run.returncode == 0, run.stderr[-3000:]
    ds = data.load(data_copy)
    fig = ds.figures.set_index("figure_id").loc["synthetic-article-01"]
    assert (fig.value, fig.period, fig.kind, fig.series) == (
        1234.0, "2023", "actual", "mic-dept-digital-tech-enterprises"
    )  # fmt: skip
    target = ds.targets.set_index("target_id").loc["synthetic-article-t1"]
    assert (target.year, target.comparison, target.value, target.published_text) == (
        2030, ">=", 2000.0, "ít nhất 2.000 doanh nghiệp"
    )  # fmt: skip
    src = ds.sources.set_index("source_id").loc["synthetic-article"]
    assert (src.title_vi, src.url, src.published) == (
        "Bài thử nghiệm", "https://example.org/bai-thu-nghiem.html", "2024-11-20"
    )  # fmt: skip
    executed = nbformat.read(out, as_version=4)
    shown = next(c for c in executed.cells if c.source.startswith("shown = "))
    table = shown.outputs[0]["data"]["text/plain"]
    assert "1.234 doanh nghiệp" in table and "999" not in table  # no script text
    skipped = next(c for c in executed.cells if c.source == "curate.skipped(text)")
    listed = skipped.outputs[0]["data"]["text/plain"]
    assert "a phone number" in listed and "a document number" in listed


def test_a_bad_row_stops_the_notebook_and_no_file_changes(tmp_path, data_copy):
    before = _files(data_copy)
    review = (
        "rows = candidates.copy()\n"
        'rows.loc[0, "series"] = "mic-dept-digital-tech-enterprises"\n'
        'rows.loc[0, "value"] = 1243.0  # a slip: the article says 1.234\n'
        "rows"
    )
    run, _ = _run(tmp_path, review, data_copy)
    assert run.returncode != 0
    assert "AppendError" in run.stderr and "nothing was written" in run.stderr
    line = before["figures.csv"].decode("utf-8").count("\n") + 1
    assert f"figures.csv:{line}: value: '1243' differs from the published text" in run.stderr
    assert "(row 0)" in run.stderr
    assert _files(data_copy) == before
