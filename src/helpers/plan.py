"""What the batch builds: areas x languages -> tasks, with their paths, titles and links.

Pure: :func:`plan` reads a loaded dataset and the parameters, and returns the
:class:`Task` list the runner executes (the same paths :func:`helpers.provinces.brief_path`
gives the notebook for its links).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from . import i18n
from .errors import UsageError

LANGS = i18n.LANGUAGES


BASES = ("34", "63")


#: Kinds of figure that set the default ``--as-of`` (forecasts and plans do not).
OBSERVED = ("actual", "preliminary", "estimate")


@dataclass(frozen=True)
class Task:
    """One brief.

    Attributes
    ----------
    kind : str
        ``"province"`` or ``"national"``.
    code, basis, name, unit_code : str
        The area; ``basis`` is "34", "63" or "national"; ``unit_code`` the unit it
        belongs to (itself for a unit, the successor for a former province).
    lang : str
        Language.
    as_of : int
        Year the brief is as of.
    path, other, index : str
        Output path (relative to the output folder, POSIX); hrefs of the same brief in
        the other language and of the index, relative to the brief.
    """

    kind: str
    code: str
    basis: str
    name: str
    unit_code: str
    lang: str
    as_of: int
    path: str
    other: str
    index: str

    def parameters(self, data_dir: str) -> dict:
        """Papermill parameters, the data read from ``data_dir``."""
        params = {"lang": self.lang, "as_of": self.as_of, "data_dir": data_dir}
        if self.kind == "province":
            params |= {"province": self.code, "basis": self.basis}
        return params

    def label(self) -> str:
        """How the summary names it: ``Thanh Hóa [34, vi]``."""
        return f"{self.name} [{self.basis}, {self.lang}]"


def index_path(lang: str) -> str:
    """Index page of a language: ``index.html`` (Vietnamese), ``index.en.html``."""
    return "index.html" if lang == "vi" else f"index.{lang}.html"


def _tasks(kind, code, basis, name, unit, langs, as_of, paths: dict) -> list[Task]:
    def rel(target, lang):
        return posixpath.relpath(target, posixpath.dirname(paths[lang]))

    return [
        Task(
            kind,
            code,
            basis,
            name,
            unit,
            lang,
            as_of,
            paths[lang],
            rel(paths[i18n.other_language(lang)], lang),
            rel(index_path(lang), lang),
        )
        for lang in langs
    ]


def plan(dataset, *, selection=None, bases=BASES, langs=LANGS, as_of=None, overview=None):
    """Turn a selection into briefs, checking every name and the year.

    Parameters
    ----------
    dataset : helpers.data.Dataset
        The validated data; its figures decide which areas get a brief.
    selection : list of str, optional
        Names (any spelling) or codes. By default every unit with a figure of its own or
        of a former province it took in, and every former province with a figure.
    bases : tuple of str
        "34", "63" or both: a name gets a brief in each basis it is known in.
    langs : tuple of str
        Languages.
    as_of : int, optional
        Year of the briefs; by default the latest year of an observed figure.
    overview : bool, optional
        Add the national overview; by default when there is no selection.

    Returns
    -------
    list of Task
        Areas in the resolver's order, each in every language, then the overview.

    Raises
    ------
    UsageError
        An unknown name (with the resolver's suggestions) or a year outside the data.
    """
    from . import provinces

    figures = dataset.figures
    first, last = int(figures["year"].min()), int(figures["year"].max())
    if as_of is None:
        observed = figures[figures["kind"].isin(OBSERVED)]
        as_of = int((observed if len(observed) else figures)["year"].max())
    elif not first <= as_of <= last:
        raise UsageError(f"--as-of: {as_of} is outside the years of the data ({first}-{last})")
    basis = figures["basis"].astype(str)
    have = {b: set(figures.loc[basis == b, "province_code"].astype(str)) for b in BASES}
    areas = []
    for given in selection or []:
        found, errors = [], []
        for b in bases:
            try:
                found.append(dataset.places.resolve(given, basis=b))
            except provinces.UnknownProvinceError as exc:
                errors.append(exc)
        if not found:
            raise UsageError(f"--province: {errors[0]}")
        areas += found
    if not selection:
        if "34" in bases:
            units = dataset.places.units
            areas += [u for u in units if u.code in have["34"] or {*u.predecessors} & have["63"]]
        if "63" in bases:
            areas += [a for a in dataset.places.former if a.code in have["63"]]
    tasks = []
    for area in dict.fromkeys(areas):
        paths = {lang: provinces.brief_path(area, lang) for lang in LANGS}
        unit = area.code if area.basis == "34" else area.successor_code
        tasks += _tasks("province", area.code, area.basis, area.name, unit, langs, as_of, paths)
    if overview if overview is not None else not selection:
        paths = {lang: f"overview/{lang}.html" for lang in LANGS}
        tasks += _tasks("national", "VN", "national", "Việt Nam", "", langs, as_of, paths)
    return tasks


def title(task: Task) -> str:
    """Return the brief's title, as its page and the index show it."""
    from .i18n import translator

    _ = translator(task.lang)
    if task.kind == "national":
        return _("Viet Nam: digital economy overview")
    if task.basis == "63":
        return _("{name} (former province): digital economy brief").format(name=task.name)
    return _("{name}: digital economy brief").format(name=task.name)
