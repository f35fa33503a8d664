"""`nutgraf batch --format csv`: one output line per CSV record, ids, resume, errors."""

import csv
import json
import subprocess
import sys


def run_batch(*args):
    return subprocess.run(
        [sys.executable, "-m", "nutgraf", "batch", "--format", "csv", *args],
        capture_output=True,
        text=True,
    )


def test_csv_records(tmp_path):
    inp = tmp_path / "in.csv"
    with inp.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["url", "body", "extra"])
        w.writerow(["u1", "Angela Merkel traf Emmanuel Macron in Paris.\nDanach flog sie.", "x"])
        w.writerow(["u2", "", "y"])
        w.writerow(["", "The European Commission fined Google in Brussels.", "z"])
        f.write("u4\n")  # a short row: no text field
    outp = tmp_path / "out.jsonl"
    res = run_batch("-i", str(inp), "-o", str(outp), "--text-col", "body", "--id-col", "url")
    assert res.returncode == 1, res.stderr  # some records failed
    recs = [json.loads(line) for line in outp.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["line"], r["ok"]) for r in recs] == [
        ("u1", 1, True),
        ("u2", 2, False),
        (3, 3, True),  # no id value: the record number
        ("u4", 4, False),
    ]
    assert "Danach" in recs[0]["analysis"]["text"]
    assert recs[1]["error"]["kind"] == "empty_input"
    assert recs[3]["error"]["kind"] == "invalid_input" and "body" in recs[3]["error"]["message"]

    # resume: an interrupted output (first record only, torn second line) is completed
    lines = outp.read_text(encoding="utf-8").splitlines()
    outp.write_text(lines[0] + "\n" + lines[1][:20], encoding="utf-8")
    res = run_batch(
        "-i", str(inp), "-o", str(outp), "--text-col", "body", "--id-col", "url", "--resume"
    )
    assert res.returncode == 1, res.stderr
    # the torn line is dropped; every record is in the output exactly once
    ids = [json.loads(line)["id"] for line in outp.read_text(encoding="utf-8").splitlines()]
    assert ids == ["u1", "u2", 3, "u4"]


def test_csv_missing_text_column_is_fatal(tmp_path):
    inp = tmp_path / "in.csv"
    inp.write_text("id,text\n1,hello\n", encoding="utf-8")
    res = run_batch("-i", str(inp), "-o", str(tmp_path / "o.jsonl"), "--text-col", "body")
    assert res.returncode == 2
    assert 'no column "body"' in res.stderr and "id, text" in res.stderr
