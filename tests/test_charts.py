"""Charts: the house style, honest axes, and no text box over another, a bar or a point.

All numbers here are SYNTHETIC test values.
"""

import matplotlib.pyplot as plt
import pandas as pd

from helpers import charts


def test_trend_axis_spans_only_the_years_with_data_and_single_point_is_labelled():
    pts = pd.DataFrame({"series": ["a"], "year": [2023], "value": [8.0], "firm": [True]})
    fig = charts.trend_chart(
        pts,
        labels={"a": "Series A"},
        colours={"a": "#0072b2"},
        title="T",
        ylabel="%",
        xlabel="Year",
        single_note="one observation",
        references=[(20.0, "national target 2025: 20%"), (30.0, "national target 2030: 30%")],
    )
    ax = fig.axes[0]
    lo, hi = ax.get_xlim()
    assert lo > 2021 and hi < 2025  # no axis stretched to 2030
    assert "one observation" in [t.get_text() for t in ax.texts]
    assert charts.overlaps(fig) == []
    plt.close(fig)


def test_overlap_check_finds_a_label_on_a_bar():
    fig, ax = plt.subplots()
    ax.barh([0], [10])
    ax.annotate("covering", (5, 0), ha="center")
    assert ("covering", "bar") in charts.overlaps(fig)
    plt.close(fig)


def test_overlap_check_finds_two_labels_on_each_other():
    fig, ax = plt.subplots()
    ax.annotate("first label", (0.5, 0.5))
    ax.annotate("second label", (0.5, 0.5))
    assert ("first label", "second label") in charts.overlaps(fig)
    plt.close(fig)


def test_bar_chart_reference_labels_do_not_collide():
    table = pd.DataFrame(
        {
            "label": [f"P{i}" for i in range(12)],
            "value": [50 - 3 * i for i in range(12)],
            "is_area": [i == 4 for i in range(12)],
            "in_region": [i in (2, 4, 7) for i in range(12)],
        }
    )
    fig = charts.bar_chart(
        table,
        title="T",
        xlabel="%",
        value_text=[f"{v}%" for v in table.value],
        references=[(20.0, "reference A 20%"), (21.0, "reference B 21%")],
    )
    assert charts.overlaps(fig) == []
    plt.close(fig)


def test_rank_history_puts_rank_one_on_top():
    hist = pd.DataFrame({"year": [2021, 2022, 2023], "value": [1, 15, 1]})  # rank 1: top
    fig = charts.rank_history_chart(
        hist,
        base=63,
        title="DTI (63 provinces): rank among the 63 provinces and cities",  # over rank 1
        ylabel="rank of 63",
        xlabel="Year",
        colour="#000000",
    )
    lo, hi = fig.axes[0].get_ylim()
    assert lo > hi  # inverted: 1 at the top
    assert charts.overlaps(fig) == []
    plt.close(fig)
