"""Hostile data folders and data text (issue 27): links out of the data folder, a linked
folder read alike by the loader and the batch, and data text that looks like mathtext.

Everything written here is SYNTHETIC (a secret file, labels with dollar signs); the real
``data/`` is only copied.
"""

import os
import shutil
import threading
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers import batch, charts, data

from conftest import DATA

SECRET = "SYNTHETIC-SECRET-7f3a"  # SYNTHETIC: the content no message may show


def _problems(data_dir):
    with pytest.raises(data.DataError) as err:
        data.load(data_dir)
    return [str(p) for p in err.value.problems], str(err.value)


def _outside(tmp_path) -> Path:
    """A file outside the data folder whose first line reads like a header."""
    secret = tmp_path / "elsewhere" / "secret.csv"
    secret.parent.mkdir()
    secret.write_text(f"figure_id,{SECRET}\n{SECRET},1\n", encoding="utf-8")
    return secret


# --- row 2: a link inside data/ to a file outside it ----------------------------------


@pytest.mark.parametrize("name", ["tables/environ.csv", "figures.csv", "regions.csv"])
def test_a_link_to_the_environment_is_refused_and_nothing_of_it_printed(data_copy, name):
    """/proc/self/environ holds the process's environment (PATH at least): never shown."""
    (data_copy / name).unlink(missing_ok=True)
    (data_copy / name).symlink_to("/proc/self/environ")
    lines, text = _problems(data_copy)
    real = Path("/proc/self/environ").resolve()
    assert lines == [
        f"{name}: a link to {real}, outside the data folder: refused, nothing read through it"
    ], text
    assert "PATH=" not in text and "unexpected column" not in text


def test_a_link_to_a_file_outside_is_refused_before_it_is_read(data_copy, tmp_path):
    secret = _outside(tmp_path)
    (data_copy / "tables" / "x.csv").symlink_to(secret)
    lines, text = _problems(data_copy)
    assert lines == [
        f"tables/x.csv: a link to {secret}, outside the data folder: refused, nothing read "
        "through it"
    ]
    assert SECRET not in text


def test_a_link_through_an_inner_link_that_leaves_is_refused(data_copy, tmp_path):
    """An inner link whose own target is a link out: where it finally leads decides."""
    secret = _outside(tmp_path)
    (data_copy / "hop.csv").symlink_to(secret)
    (data_copy / "tables" / "x.csv").symlink_to("../hop.csv")
    lines, text = _problems(data_copy)
    assert sorted(ln.split(":")[0] for ln in lines) == ["hop.csv", "tables/x.csv"], text
    assert SECRET not in text


def test_a_pipe_is_refused_not_read(data_copy):
    """Opening a named pipe to read it waits for a writer, for ever: it is never opened."""
    pipe = data_copy / "tables" / "pipe.csv"
    os.mkfifo(pipe)
    found = []
    reader = threading.Thread(target=lambda: found.append(_problems(data_copy)), daemon=True)
    reader.start()
    reader.join(60)  # a guard against a hang, not a measure of speed
    if reader.is_alive():  # the loader opened the pipe: let it read an empty file and end
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(60)
        pytest.fail("the loader opened a named pipe and waited for a writer")
    assert found[0][0] == [
        "tables/pipe.csv: not a regular file (a pipe, a device or a broken link): refused, not read"
    ]


# --- row 3: a linked folder: one rule for the loader and the batch's snapshot --------


def test_a_linked_folder_out_of_the_data_folder_is_refused_by_the_loader(data_copy, tmp_path):
    moved = Path(shutil.move(data_copy / "tables", tmp_path / "tables"))
    (data_copy / "tables").symlink_to(moved)
    lines, _ = _problems(data_copy)
    assert lines == [
        f"tables: a link to {moved}, outside the data folder: refused, nothing read through it"
    ]


def test_the_batch_refuses_a_linked_folder_out_before_any_kernel(data_copy, tmp_path, capsys):
    moved = Path(shutil.move(data_copy / "tables", tmp_path / "tables"))
    (data_copy / "tables").symlink_to(moved)
    out = tmp_path / "out"
    code = batch.main(
        ["--data-dir", str(data_copy), "--out", str(out), "--province", "Hà Tĩnh", "--basis",
         "63", "--lang", "en", "--no-overview", "--no-progress"]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2, err
    assert err == (
        "error: the data are not valid; nothing was built:\n"
        f"  {data_copy / 'tables'}: a link to {moved}, outside the data folder: refused, "
        "nothing read through it\n"
    )
    assert not (out / "briefs").exists() and not (out / "kernels.log").exists()


def test_a_linked_folder_inside_is_hashed_and_loaded_alike(data_copy, tmp_path):
    """``tables`` -> ``tables-2024`` in the data folder: the batch's snapshot has the tables
    the loader reads, so its plan counts the same figures."""
    real = shutil.move(data_copy / "tables", data_copy / "tables-2024")
    (data_copy / "tables").symlink_to("tables-2024")
    loaded = data.load(data_copy)
    assert len(loaded.figures) == len(data.load(DATA).figures)
    names = sorted(f"tables/{p.name}" for p in Path(real).glob("*.csv"))
    args = batch.parser().parse_args(
        ["--data-dir", str(data_copy), "--out", str(tmp_path / "out"), "--no-progress"]
    )
    with batch.Workspace(args.out) as ws:
        run = batch.prepare(args, ws)
        assert set(names) <= set(run.data)  # the snapshot holds them
        batch.load_plan(run)
    assert run.data_digest == loaded.fingerprint  # one fingerprint: the same bytes validated
    assert run.weight[("national", "VN")] == len(loaded.figures)


def test_a_link_back_to_a_folder_that_contains_it_is_refused(data_copy):
    (data_copy / "tables" / "again").symlink_to("..")
    lines, _ = _problems(data_copy)
    assert lines == ["tables/again: a link to a folder that contains it"]


# --- row 9: data text in charts is text, never mathtext -------------------------------

DOLLARS = "US$ bn, in $ terms"  # SYNTHETIC label: two dollar signs
BAD_MATH = r"$\frac{$ x^2"  # not a valid expression: mathtext would fail to parse it


def _texts(fig):
    return [t for t in fig.findobj(plt.Text) if t.get_text()]


def _drawn_literally(fig, *expected):
    charts.render_png(fig)  # draws every text: a mathtext parse error would raise here
    texts = _texts(fig)
    shown = [t.get_text() for t in texts]
    for text in expected:
        assert text in shown, shown
    assert [t.get_text() for t in texts if t.get_parse_math()] == []
    plt.close(fig)


def test_a_trend_chart_shows_dollars_and_carets_as_written():
    points = pd.DataFrame(
        {"series": ["a", "b"], "year": [2023, 2024], "value": [8.0, 9.0], "firm": [True, False]}
    )  # SYNTHETIC
    fig = charts.trend_chart(
        points,
        labels={"a": DOLLARS, "b": r"\frac{1}{2} ^ 3"},
        colours={"a": "#0072b2", "b": "#d55e00"},
        title=BAD_MATH,
        ylabel="$",
        xlabel="year ^",
        single_note="$one$",
        references=[(20.0, "$20$ target")],
    )
    _drawn_literally(fig, DOLLARS, r"\frac{1}{2} ^ 3", BAD_MATH, "$one$", "$20$ target")


def test_a_bar_chart_shows_dollars_as_written():
    table = pd.DataFrame(
        {"label": [DOLLARS, "b"], "value": [5.0, 3.0], "is_area": [True, False],
         "in_region": [False, True]}
    )  # fmt: skip  # SYNTHETIC
    fig = charts.bar_chart(table, title=BAD_MATH, xlabel="%", value_text=["$5", "3$"])
    _drawn_literally(fig, DOLLARS, BAD_MATH, "$5", "3$")


def test_a_researchers_own_chart_in_the_house_style_shows_dollars_as_written():
    charts.apply_style()  # what importing helpers.charts and each kept kernel's reset do
    fig, ax = plt.subplots()
    ax.plot([1, 2], [1, 2], label=DOLLARS)
    ax.set_title(BAD_MATH)
    ax.legend()
    _drawn_literally(fig, DOLLARS, BAD_MATH)
