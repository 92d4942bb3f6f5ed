"""data/datapackage.json is the dataset's contract: the loader, data/README.md and the files
agree with it, and Frictionless validates the files against it."""

import csv
import json
import re
import shutil

import frictionless
import pytest

from helpers import contract, data
from helpers.provinces import AREA_COLUMNS

from conftest import ROOT

DATA = ROOT / "data"
PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}


def _fields(name):
    return [f["name"] for f in RESOURCES[name]["schema"]["fields"]]


def test_every_file_of_the_loader_is_a_resource_with_its_columns_in_order():
    files = {f"{name}.csv": _fields(name) for name in RESOURCES}
    assert files == data.COLUMNS
    assert files["areas.csv"] == AREA_COLUMNS


def test_the_package_lists_every_table_of_figures():
    listed = RESOURCES["figures"]["path"]
    on_disk = ["figures.csv", *sorted(f"tables/{p.name}" for p in (DATA / "tables").glob("*.csv"))]
    assert listed == on_disk, "add each data/tables/*.csv to the figures resource's path list"


def test_the_loader_allows_the_packages_values_and_no_other(tmp_path):
    copy = shutil.copytree(DATA, tmp_path / "data")
    enums = contract.enums()
    assert len(enums) >= 15 and enums["figures.csv", "kind"] == data.KINDS
    fields: dict[str, list[str]] = {}
    for name, field in enums:
        fields.setdefault(name, []).append(field)
    for name, changed in fields.items():  # the first row of each file gets a value not allowed
        with open(copy / name, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        rows[0] |= dict.fromkeys(changed, "not-allowed")
        with open(copy / name, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, data.COLUMNS[name], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    with pytest.raises(data.DataError) as err:
        data.load(copy)
    found = {(p.file, p.line, p.column): p.message for p in err.value.problems}
    for (name, field), values in enums.items():
        message = found[name, 2, field]
        assert "'not-allowed'" in message and all(v in message for v in values), message


def _readme_tables():
    """{file: {column: meaning}} of the column tables of data/README.md."""
    tables, current = {}, []
    for line in (DATA / "README.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## (.+?)(?::| \()", line)
        if heading:
            current = re.findall(r"([a-z_]+\.csv)", heading.group(1))
            continue
        row = re.match(r"^\| (`[^|]+`(?:, `[^|]+`)*) \| (.+) \|$", line)
        if row and current:
            for name in current:
                for column in re.findall(r"`([^`]+)`", row.group(1)):
                    tables.setdefault(name, {})[column] = row.group(2).replace("\\|", "|")
    return tables


def test_the_readme_describes_each_column_as_the_package_does():
    described = _readme_tables()
    for name, resource in RESOURCES.items():
        fields = {f["name"]: f.get("description") for f in resource["schema"]["fields"]}
        assert described[f"{name}.csv"] == fields, f"{name}.csv: data/README.md vs datapackage"


def test_frictionless_validates_the_data():
    report = frictionless.validate(DATA / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_frictionless_finds_a_figure_citing_no_source(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    with open(copy / "figures.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0]["source_id"] = "no-such-source"
    with open(copy / "figures.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, data.FIGURE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    report = frictionless.validate(copy / "datapackage.json")
    assert report.flatten(["rowNumber", "type"]) == [[2, "foreign-key"]]
