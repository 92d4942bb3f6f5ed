"""``outputs/index.html``: one offline page listing every brief per language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from markupsafe import Markup

from . import analysis, data
from .numbers import format_value
from .text import t

__all__ = ["build_index"]

_CSS = """
body { font: 16px/1.5 "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; margin: 0; }
main { max-width: 900px; margin: 0 auto; padding: 24px 20px; }
h1 { color: #0b4f8a; } table { border-collapse: collapse; width: 100%; margin-bottom: 2rem; }
th, td { border-bottom: 1px solid #d0d0d0; padding: 5px 6px; text-align: left; }
thead th { background: #eef2f7; } .failed { color: #7f1d1d; font-weight: bold; }
a { color: #0b4f8a; }
"""


def build_index(briefs: dict, results, data_dir: Path, out_dir: Path) -> str:
    """Render the index of briefs.

    Parameters
    ----------
    briefs : dict
        Manifest entries by brief path (``briefs/<lang>/<slug>.html``).
    results : list of Result
        The last run's results (failures are shown).
    data_dir : Path
        Data folder (for each province's share and coverage).
    out_dir : Path
        Output folder: links are relative to it and only to briefs that exist.

    Returns
    -------
    str
        The HTML page; data text is escaped.
    """
    ds = data.load(data_dir)
    status = {r.key: r for r in results}
    parts = [Markup("<h1>Bản tin kinh tế số cấp tỉnh / Provincial digital-economy briefs</h1>")]
    for lang in ("vi", "en"):
        rows = []
        keys = sorted(
            k
            for k, v in briefs.items()
            if v.get("lang") == lang and v.get("kind", "province") == "province"
        )
        for key in keys:
            entry = briefs[key]
            if not (Path(out_dir) / key).exists():
                continue
            code, as_of = entry["code"], int(entry["as_of"])
            figs = analysis.area_figures(ds, code, as_of)
            share = analysis.latest(figs, "de_share")
            cov = analysis.coverage(ds, code, as_of)
            share_text = (
                f"{format_value(share.value, '%', lang, share.qualifier)} ({share.period})"
                if share is not None
                else "–"
            )
            res = status.get(key)
            state = (
                Markup('<span class="failed">{}</span>').format(res.status)
                if res and res.status == "failed"
                else (res.status if res else "")
            )
            rows.append(
                Markup(
                    '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td>'
                    "<td>{}</td></tr>"
                ).format(
                    key,
                    entry["province"],
                    share_text,
                    f"{int(cov.reported.sum())}/{len(cov)}",
                    as_of,
                    state,
                )
            )
        failed = [r for r in results if r.status == "failed" and r.lang == lang]
        for r in failed:
            if r.key not in briefs:
                rows.append(
                    Markup(
                        "<tr><td>{}</td><td>–</td><td>–</td><td>–</td>"
                        '<td><span class="failed">failed</span></td></tr>'
                    ).format(r.province)
                )
        head = [
            t("col_province", lang),
            t("de_share_head", lang),
            t("coverage_head", lang),
            t("as_of_head", lang),
            t("last_run_head", lang),
        ]
        overview = f"overview/{lang}.html"
        link = (
            Markup('<p lang="{}"><a href="{}">{}</a></p>').format(
                lang, overview, t("index_overview", lang)
            )
            if overview in briefs and (Path(out_dir) / overview).exists()
            else Markup("")
        )
        parts.append(
            Markup(
                '<h2 lang="{}">{}</h2>{}<table lang="{}"><thead><tr>{}</tr></thead>'
                "<tbody>{}</tbody></table>"
            ).format(
                lang,
                t("index_heading", lang),
                link,
                lang,
                Markup("").join(Markup('<th scope="col">{}</th>').format(h) for h in head),
                Markup("").join(rows),
            )
        )
    built = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts.append(Markup("<p>{} · dataset {}</p>").format(built, ds.fingerprint[:16]))
    return str(
        Markup(
            '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1.0">'
            "<title>Bản tin kinh tế số / Digital-economy briefs</title><style>{}</style></head>"
            "<body><main>{}</main></body></html>"
        ).format(Markup(_CSS), Markup("").join(parts))
    )
