"""The notebook is the analysis: a researcher's edit, and a data-only extension, reach the brief.

Numbers added to the data in this file are SYNTHETIC (made up for the test).
"""

import csv
import html
import io
import json
import re
import shutil

import nbformat
import pytest

from helpers import batch, data

from conftest import ROOT

pytestmark = pytest.mark.kernel
NOTEBOOK = ROOT / "notebooks" / "province_brief.ipynb"


def _run_batch(notebook, out, *extra):
    code = batch.main(
        [
            "--notebook", str(notebook), "--province", "Thanh Hóa", "--basis", "34",
            "--lang", "en", "--out", str(out), "--no-overview", "--no-progress", "--jobs", "1",
            *extra,
        ]
    )  # fmt: skip
    briefs = json.loads((out / "run.json").read_text(encoding="utf-8"))["briefs"]
    return code, briefs


def test_a_researchers_cells_and_title_reach_the_brief(tmp_path):
    """Add a section with a DataFrame and a chart, and retitle a chart, in a copy."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # Thanh Hóa has no digital-economy share of GRDP (its 8.28% is of the "total size of
    # the economy"), so the researcher retitles its DTI rank chart
    title = 'title=_("{series}: rank of {base}").format(series=page.labels[sid], base=base)'
    ranks = next(c for c in nb.cells if title in c.source)
    ranks.source = ranks.source.replace(title, 'title="Retitled by a researcher"')
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "import matplotlib.pyplot as plt\n"
            'show.say("## Researcher section")\n'
            'counts = figs.groupby("indicator").size().rename("figures").reset_index()\n'
            "display(show.show_table(counts))\n"
            "fig, ax = plt.subplots()\n"
            "ax.bar(counts.indicator.str[:8], counts.figures)\n"
            'ax.set_title("Figures per indicator, by hand")\n'
            'show.show_figure(fig, alt="Bars of the number of figures per indicator")'
        )
    )
    edited = tmp_path / "notebooks" / "province_brief.ipynb"
    edited.parent.mkdir()
    nbformat.write(nb, edited)
    code, briefs = _run_batch(edited, tmp_path / "out")
    assert code == 0, [(b["path"], b["error"]) for b in briefs]
    page = (tmp_path / "out" / briefs[0]["path"]).read_text(encoding="utf-8")
    assert re.search(r'<a href="#researcher-section">Researcher section</a>', page)  # contents
    assert '<h2 id="researcher-section">Researcher section</h2>' in page
    assert "digital_tech_enterprises" in page  # the DataFrame, as a table
    assert 'alt="Figures per indicator, by hand. Bars of the number of figures' in page
    assert 'alt="Retitled by a researcher. ' in page
    # the researcher's chart and the brief's DTI rank chart, all inline
    assert page.count("<img") == nb_images(page) >= 2


def nb_images(page):
    return len(re.findall(r"<img [^>]*src=\"data:image/png;base64,", page))


def _append(path, row: dict):
    with open(path, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    buf = io.StringIO()
    csv.DictWriter(buf, header, lineterminator="\n").writerow(row)
    with open(path, "a", encoding="utf-8", newline="") as fh:
        fh.write(buf.getvalue())


SYNTHETIC_SOURCE = {
    "source_id": "synthetic-test-source",
    "title_vi": "Nguồn thử nghiệm (số liệu giả lập)",
    "title_en": "Test source (synthetic figures)",
    "publisher_vi": "Nhóm kiểm thử",
    "publisher_en": "Test team",
    "published": "2025",  # the year of its figure, or later
    "url": "https://example.org/synthetic",
    "language": "en",
    "kind": "report",
}
SYNTHETIC_INDICATOR = {
    "indicator_id": "synthetic_cloud_share",
    "name_vi": "Tỷ lệ thử nghiệm điện toán đám mây",
    "name_en": "Synthetic cloud-adoption share",
    "unit": "%",
    "higher_is_better": "true",
}
SYNTHETIC_SERIES = {
    "series_id": "synthetic-cloud",
    "indicator": "synthetic_cloud_share",
    "publisher_vi": "Nhóm kiểm thử",
    "publisher_en": "Test team",
    "method_vi": "Số liệu giả lập",
    "method_en": "Synthetic figures",
    "label_vi": "Chuỗi thử nghiệm",
    "label_en": "Synthetic test series",
    "scope": "province",
    "basis": "34",
    "years_compare": "true",
    "colour": "#123456",
}
SYNTHETIC_FIGURE = {
    "figure_id": "synthetic-01",
    "basis": "34",
    "province_code": "38",
    "province": "Thanh Hóa",
    "name_as_published": "Thanh Hóa",
    "indicator": "synthetic_cloud_share",
    "series": "synthetic-cloud",
    "period": "2025",
    "period_type": "year",
    "kind": "actual",
    "value": "12.5",
    "unit": "%",
    "qualifier": "=",
    "published_text": "12.5%",
    "number_format": "en",
    "source_id": "synthetic-test-source",
    "preferred": "true",
}


def test_a_new_series_and_indicator_need_only_data(data_copy, tmp_path):
    _append(data_copy / "sources.csv", SYNTHETIC_SOURCE)
    _append(data_copy / "indicators.csv", SYNTHETIC_INDICATOR)
    _append(data_copy / "series.csv", SYNTHETIC_SERIES)
    _append(data_copy / "figures.csv", SYNTHETIC_FIGURE)
    code, briefs = _run_batch(NOTEBOOK, tmp_path / "out", "--data-dir", str(data_copy))
    assert code == 0, [(b["path"], b["error"]) for b in briefs]
    page = html.unescape((tmp_path / "out" / briefs[0]["path"]).read_text(encoding="utf-8"))
    assert "Synthetic cloud-adoption share" in page
    assert "Synthetic test series" in page
    assert "Test source (synthetic figures)" in page
    assert "12.5%" in page


def test_an_incomplete_series_row_is_named_by_file_line_and_column(data_copy):
    _append(data_copy / "indicators.csv", SYNTHETIC_INDICATOR)
    _append(data_copy / "series.csv", {**SYNTHETIC_SERIES, "label_vi": ""})
    line = len((data_copy / "series.csv").read_text(encoding="utf-8").splitlines())
    with pytest.raises(data.DataError) as err:
        data.load(data_copy)
    problems = [str(p) for p in err.value.problems]
    assert any(p.startswith(f"series.csv:{line}: label_vi:") for p in problems), problems


def test_the_notebook_runs_from_its_own_folder_and_from_the_root(tmp_path):
    """Papermill from either folder: the data are found from the project, not the shell."""
    import subprocess

    exe = ROOT / ".venv" / "bin" / "papermill"
    for cwd in (ROOT, ROOT / "notebooks"):
        out = tmp_path / f"out-{cwd.name}.ipynb"
        ran = subprocess.run(
            [str(exe), "--engine", "briefs", str(NOTEBOOK), str(out)]
            + ["-p", "province", "Bắc Ninh", "-p", "lang", "en"],
            cwd=cwd,
            check=True,
            capture_output=True,
            text=True,
        )
        assert "WARNING" not in ran.stderr, ran.stderr  # over IPC: no TCP warning
        text = out.read_text(encoding="utf-8")
        assert "was formed on 1 July 2025 from 2 former provinces" in text
        # The kernel reports the language_info stored: JupyterLab opens the file unmodified.
        stored = nbformat.read(NOTEBOOK, as_version=4).metadata.language_info
        assert nbformat.reads(text, as_version=4).metadata.language_info == stored
    shutil.rmtree(tmp_path)


# A researcher's cells, as they would type them in JupyterLab (values are SYNTHETIC).
RESEARCHER_CELLS = [
    ("markdown", "## My extra analysis\n\nWritten in a Markdown cell, *as is*."),
    (
        "code",
        "import matplotlib.pyplot as plt\n"
        "fig, ax = plt.subplots()\n"
        "ax.plot([2021, 2022, 2023], [1, 3, 2])\n"
        'ax.set_title("Plain matplotlib, by hand")\n'
        "plt.show()",
    ),
    (
        "code",
        "import seaborn as sns\n"
        'ax = sns.barplot(x=["a", "b"], y=[2, 5])\n'
        'ax.set_title("A seaborn chart, by hand")',
    ),
    (
        "code",
        "fig2, ax2 = plt.subplots()\n"
        "ax2.scatter([1, 2], [3, 4])\n"
        'ax2.set_title("A Figure left as the value")\n'
        "fig2",
    ),
]


def _researchers_copy(tmp_path, cells=RESEARCHER_CELLS):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for kind, source in cells:
        make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        nb.cells.append(make(source))
    path = tmp_path / "notebooks" / "province_brief.ipynb"
    path.parent.mkdir(exist_ok=True)
    nbformat.write(nb, path)
    return path


def _images(cell):
    return [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]


def test_a_researchers_charts_and_markdown_show_in_the_kernel_and_the_brief(tmp_path):
    """In a kernel as JupyterLab starts it (the inline backend), then in the batch."""
    import subprocess

    copy = _researchers_copy(tmp_path)
    ran = tmp_path / "ran.ipynb"
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "papermill"), str(copy), str(ran), "-p", "lang", "en"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    nb = nbformat.read(ran, as_version=4)
    plain, sea, value = nb.cells[-3:]
    for cell, title in [
        (plain, "Plain matplotlib, by hand"),
        (sea, "A seaborn chart, by hand"),
        (value, "A Figure left as the value"),
    ]:
        images = _images(cell)
        assert images, cell.source
        assert images[0].metadata["image/png"]["alt"].startswith(title)
    assert nb.cells[-4].cell_type == "markdown"

    code, briefs = _run_batch(copy, tmp_path / "out")
    assert code == 0, [(b["path"], b["error"]) for b in briefs]
    page = (tmp_path / "out" / briefs[0]["path"]).read_text(encoding="utf-8")
    assert '<h2 id="my-extra-analysis">My extra analysis</h2>' in page
    assert '<a href="#my-extra-analysis">My extra analysis</a>' in page  # in the contents
    assert "Written in a Markdown cell, <em>as is</em>." in page
    at = {t: page.index(f'alt="{t}') for t in ["Plain matplotlib", "A seaborn", "A Figure left"]}
    assert page.index("My extra analysis</h2>") < at["Plain matplotlib"] < at["A seaborn"]
    assert at["A seaborn"] < at["A Figure left"]
    assert page.count('alt="A Figure left as the value') == 1  # shown once, not twice


def test_a_chart_with_neither_title_nor_alt_text_is_named_with_its_cell(tmp_path):
    import subprocess

    cells = [("code", "import matplotlib.pyplot as plt\nplt.plot([1, 2], [2, 1])\nplt.show()")]
    copy = _researchers_copy(tmp_path, cells)
    ran = tmp_path / "ran.ipynb"
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "papermill"), str(copy), str(ran), "-p", "lang", "en"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    last = nbformat.read(ran, as_version=4).cells[-1]
    warned = "".join(o.get("text", "") for o in last.outputs if o.get("name") == "stderr")
    assert "MissingAltText" in warned and 'charts.describe(fig, "what it shows")' in warned

    code, briefs = _run_batch(copy, tmp_path / "out")
    assert code == 1
    n = sum(1 for c in nbformat.read(copy, as_version=4).cells if c.cell_type == "code")
    assert f"(code cell {n}) has no title and no alt text" in briefs[0]["error"]
