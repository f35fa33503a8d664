"""Real output validates against the committed JSON Schemas in schema/."""

import json
import pathlib
import subprocess
import sys

import pytest
from conftest import ROOT, SEED, need

SCHEMA_DIR = ROOT / "schema"


def validator(name: str):
    jsonschema = need("jsonschema")
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_cli_analysis_validates():
    v = validator("analysis.schema.json")
    out = subprocess.run(
        [sys.executable, "-m", "nutgraf", "analyze", "--format", "json", str(SEED)],
        capture_output=True,
        text=True,
        check=True,
    )
    doc = json.loads(out.stdout)
    v.validate(doc)
    assert doc["mentions"] and doc["summary"] and doc["topics"]


def test_python_dict_validates(nlp, seed_text):
    v = validator("analysis.schema.json")
    v.validate(nlp(seed_text).to_dict())


def test_schema_rejects_other_versions_and_shapes(nlp):
    v = validator("analysis.schema.json")
    d = nlp("Angela Merkel traf Emmanuel Macron in Paris.").to_dict()
    assert v.is_valid(d)
    assert not v.is_valid({**d, "schema_version": d["schema_version"] + 1})
    assert not v.is_valid({**d, "mentions": [{"label": "PERSON", "text": "x"}]})
    assert not v.is_valid({k: x for k, x in d.items() if k != "text"})


def test_batch_records_validate(tmp_path: pathlib.Path):
    v = validator("batch-record.schema.json")
    inp = tmp_path / "in.jsonl"
    inp.write_text(
        '{"id": "a", "text": "Angela Merkel traf Emmanuel Macron in Paris."}\n'
        '{"id": 2, "text": ""}\n'
        "{broken\n",
        encoding="utf-8",
    )
    outp = tmp_path / "out.jsonl"
    res = subprocess.run(
        [sys.executable, "-m", "nutgraf", "batch", "-i", str(inp), "-o", str(outp)],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 1, res.stderr
    records = [json.loads(line) for line in outp.read_text(encoding="utf-8").splitlines()]
    assert [r["ok"] for r in records] == [True, False, False]
    for r in records:
        v.validate(r)
    bad = dict(records[0], ok=False)  # an analysis with ok=false is not a record
    assert not v.is_valid(bad)


@pytest.mark.parametrize("name", ["analysis.schema.json", "batch-record.schema.json"])
def test_schema_files_are_what_the_cli_prints(name):
    which = name.removesuffix(".schema.json")
    out = subprocess.run(
        [sys.executable, "-m", "nutgraf", "schema", which],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout == (SCHEMA_DIR / name).read_text(encoding="utf-8")
