"""pandas and polars: nutgraf.pandas.analyze, nutgraf.polars.analyze."""

from conftest import need

TEXTS = [
    "Angela Merkel traf Emmanuel Macron in Paris. Danach reiste Merkel nach Berlin.",
    "",
    None,
    "The European Commission fined Google in Brussels. Google said it would appeal.",
]


def test_pandas_series_wide(nlp):
    pd = need("pandas")
    import nutgraf.pandas

    s = pd.Series(TEXTS, index=["a", "b", "c", "d"])
    df = nutgraf.pandas.analyze(s, analyzer=nlp, threads=2)
    assert list(df.index) == ["a", "b", "c", "d"]
    assert {"summary", "top_topic", "top_topic_score", "topics", "entities", "error"} <= set(
        df.columns
    )
    assert df.loc["a", "language"] == "de" and df.loc["d", "language"] == "en"
    assert pd.isna(df.loc["a", "error"]) and pd.isna(df.loc["d", "error"])
    assert df.loc["b", "error"].startswith("EmptyInputError")
    assert df.loc["c", "error"] == "InvalidInputError: missing text"
    names = {(e["name"], e["label"]) for e in df.loc["a", "entities"]}
    assert ("Angela Merkel", "PER") in names and ("Paris", "LOC") in names
    assert df.loc["d", "top_topic"] == df.loc["d", "topics"][0]["label"]
    assert df.loc["a", "summary"] == nlp(TEXTS[0]).summary_text


def test_pandas_frame_long_and_join(nlp):
    pd = need("pandas")
    import nutgraf.pandas

    frame = pd.DataFrame({"body": TEXTS, "n": range(4)})
    wide = nutgraf.pandas.analyze(frame, text_col="body", analyzer=nlp)
    joined = frame.join(wide)
    assert len(joined) == 4 and list(joined["n"]) == [0, 1, 2, 3]
    long = nutgraf.pandas.analyze(frame, text_col="body", long=True, analyzer=nlp)
    assert list(long.columns) == ["doc", "entity", "label", "count", "salience", "error"]
    ents_a = long[long["doc"] == 0]
    assert len(ents_a) == len(wide.loc[0, "entities"])
    assert "Angela Merkel" in set(ents_a["entity"])
    errors = long[long["error"].notna()]
    assert list(errors["doc"]) == [1, 2]
    try:
        nutgraf.pandas.analyze(frame, text_col="missing")
    except KeyError as exc:
        assert "missing" in str(exc)
    else:
        raise AssertionError("KeyError expected")


def test_polars(nlp):
    pl = need("polars")
    import nutgraf.polars

    df = pl.DataFrame({"text": TEXTS})
    out = nutgraf.polars.analyze(df, analyzer=nlp)
    assert out.height == 4
    assert out["language"].to_list()[0] == "de"
    assert out["error"].to_list()[1].startswith("EmptyInputError")
    assert out["error"].to_list()[2] == "InvalidInputError: missing text"
    assert "Angela Merkel" in [e["name"] for e in out["entities"].to_list()[0]]
    long = nutgraf.polars.analyze(df["text"], long=True, analyzer=nlp)
    assert set(long.filter(pl.col("doc") == 3)["entity"].to_list()) >= {"Google"}
