"""The assistant against the answer key: the two reference articles, already curated in data/.

Runs only where the reference material lies beside the project (``shared_dir``). Every
curated figure and target of each article must come out with its value, qualifier and
kind; every candidate that is not one is a figure stated again; every number left out is
listed with its reason.
"""

import pytest

from helpers import curate

ARTICLES = {
    "art-000-thanh-hoa": "000_cb95fc2f36472ae2.txt",
    "art-003-ha-tinh": "003_10f7bcb111c61694.txt",
}
# Numbers of each article that are not figures, with the reason the assistant gives.
NOT_FIGURES = {
    "art-000-thanh-hoa": [
        ("2022-2023", "a period"),
        ("2", "a duration, time or age"),
        ("postmart.vn", "a web or e-mail address"),
        ("postmart.vn", "a web or e-mail address"),
        ("2025", "a year"),
        ("2030", "a year"),
    ],
    "art-003-ha-tinh": [
        ("4.0", "a version or name ('4.0')"),
        ("10/10", "a date ('10/10')"),
        ("2024", "a year"),
        ("2024", "a year"),
        ("2024", "a year"),
        ("2023", "a year"),
        ("2022", "a year"),
        ("2023", "a year"),
        ("2021 - 2025", "a period"),
    ],
}


def _key(dataset, source_id):
    """The curated rows of an article: (id, value, qualifier, kind, indicator)."""
    figs = dataset.figures[dataset.figures.source_id == source_id]
    targets = dataset.targets[dataset.targets.source_id == source_id]
    rows = [(r.figure_id, r.value, r.qualifier, r.kind, r.indicator) for r in figs.itertuples()]
    rows += [(r.target_id, r.value, r.comparison, "target", r.indicator)
             for r in targets.itertuples()]  # fmt: skip
    return rows


def _match(found, key):
    """Pair each curated row with a candidate of the same value, qualifier and kind.

    Candidates that repeat another are set aside first; among the rest a candidate of the
    same indicator is preferred. Returns the pairs and the candidates left over.
    """
    fresh = [c for c in found if "repeats row" not in c.note]
    pairs = {}
    for rid, value, qualifier, kind, indicator in key:
        same = [c for c in fresh if c.value == pytest.approx(value)
                and (c.qualifier, c.kind) == (qualifier, kind)]  # fmt: skip
        same.sort(key=lambda c: c.indicator != indicator)
        if same:
            pairs[rid] = same[0]
            fresh.remove(same[0])
    return pairs, fresh


@pytest.mark.parametrize("source_id", sorted(ARTICLES))
def test_every_curated_figure_comes_out_right(shared_dir, dataset, source_id):
    text = curate.read_article(shared_dir / "sources" / ARTICLES[source_id]).text
    found, skipped = curate.extract(text, curate.vocabulary(dataset.indicators))
    key = _key(dataset, source_id)
    pairs, left = _match(found, key)
    missed = [row for row in key if row[0] not in pairs]
    assert missed == [], f"recall {len(pairs)}/{len(key)}"
    assert [(c.published_text, c.note) for c in left] == []  # no candidate that is no figure
    wrong = {rid: pairs[rid].indicator for rid, *_, ind in key if pairs[rid].indicator != ind}
    assert wrong == {}
    assert [(s.text, s.reason) for s in skipped] == NOT_FIGURES[source_id]
