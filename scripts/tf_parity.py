"""Parity of nutgraf's transformer tier with HF `transformers` on genuine HF model folders.

    python scripts/tf_parity.py make DIR      # tokenizers, random models, inputs
    cargo run --release --features transformers --example transformer_parity -- DIR
    python scripts/tf_parity.py check DIR     # HF pipelines on the same inputs, compared

`make` trains tokenizers (the `tokenizers` package) on news sentences of ../shared/data,
builds tiny random models (fixed seed) and writes them with `save_pretrained`; only
tokenizer.json-era files are kept (vocab.txt, vocab.json, merges.txt and sentencepiece
models are removed), so the Rust side must load them as the hub ships them. `check` runs
`pipeline("token-classification", aggregation_strategy=...)` on the texts nutgraf saw (for a
long text: on each of nutgraf's windows, keeping the groups that start in the part the window
owns, as nutgraf does) and asserts the same spans, labels and scores (|d| <= 1e-4). It also
reports, without asserting, how HF's own stride windows differ on the long text.
Summaries: BART, T5, Pegasus and mBART folders (generation_config.json with different length
penalties, n-gram bans and early stopping; Pegasus starts with the pad token, mBART with </s>
and a forced target language code); nutgraf's output token ids of each short text, greedy and
with 4 beams, must equal `model.generate()`'s with the settings nutgraf reports (all passed
explicitly), and the decoded text `tokenizer.decode(ids, skip_special_tokens=True)`.
"""

import csv
import gzip
import json
import os
import sys
from pathlib import Path

DATA = Path(os.environ.get("NUTGRAF_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))
LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
NLI = ["contradiction", "neutral", "entailment"]
TOL = 1e-4
csv.field_size_limit(1 << 24)


def german_articles():
    with open(DATA / "10kgnad/test.csv", encoding="utf-8") as f:
        for row in csv.reader(f, delimiter=";", quotechar="'"):
            if len(row) == 2:
                yield row[1]


def english_articles():
    with gzip.open(DATA / "bbc-news-summary/normalized/bbc_news_summary.jsonl.gz", "rt") as f:
        for line in f:
            yield json.loads(line)["text"]


def corpus(n=3000):
    out = []
    for src in (german_articles(), english_articles()):
        k = 0
        for text in src:
            for line in text.replace(". ", ".\n").splitlines():
                if len(line.split()) > 3:
                    out.append(line.strip())
                    k += 1
            if k >= n:
                break
    return out


def inputs():
    de = [t for t, _ in zip(german_articles(), range(400)) if 40 < len(t.split()) < 300][:5]
    en = [t for t, _ in zip(english_articles(), range(400)) if 40 < len(t.split()) < 300][:5]
    long, words = [], 0
    for t in english_articles():
        long.append(t)
        words += len(t.split())
        if words >= 3000:
            break
    texts = [{"id": f"de{i}", "text": t} for i, t in enumerate(de)]
    texts += [{"id": f"en{i}", "text": t} for i, t in enumerate(en)]
    texts.append({"id": "long", "text": "\n\n".join(long)})
    return texts


def wordpiece(lines, vocab_size=3000):
    """A BERT-style WordPiece tokenizer (cased, accents kept) trained on `lines`."""
    from tokenizers import (
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
        trainers,
    )

    wp = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    wp.normalizer = normalizers.BertNormalizer(lowercase=False, strip_accents=False)
    wp.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    wp.decoder = decoders.WordPiece()
    special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    wp.train_from_iterator(
        lines, trainers.WordPieceTrainer(vocab_size=vocab_size, special_tokens=special)
    )
    cls, sep = wp.token_to_id("[CLS]"), wp.token_to_id("[SEP]")
    wp.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls), ("[SEP]", sep)],
    )
    return wp


def train_tokenizers(lines):
    from tokenizers import (
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
        trainers,
    )

    wp = wordpiece(lines)

    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    special = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    bpe.train_from_iterator(
        lines,
        trainers.BpeTrainer(
            vocab_size=3000,
            special_tokens=special,
            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        ),
    )
    bpe.post_processor = processors.RobertaProcessing(
        ("</s>", 2), ("<s>", 0), trim_offsets=True, add_prefix_space=False
    )

    uni = Tokenizer(models.Unigram())
    uni.normalizer = normalizers.NFKC()
    uni.pre_tokenizer = pre_tokenizers.Metaspace()
    uni.decoder = decoders.Metaspace()
    uni.train_from_iterator(
        lines,
        trainers.UnigramTrainer(
            vocab_size=3000, special_tokens=["<s>", "<pad>", "</s>", "<unk>"], unk_token="<unk>"
        ),
    )
    uni.add_special_tokens(["<mask>"])
    uni.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", 0), ("</s>", 2)],
    )
    return wp, bpe, uni


def strip_legacy(d):
    for f in ("vocab.txt", "vocab.json", "merges.txt", "sentencepiece.bpe.model", "spiece.model"):
        (d / f).unlink(missing_ok=True)


def make(out):
    import torch

    import transformers as tf

    out.mkdir(parents=True, exist_ok=True)
    wp, bpe, uni = train_tokenizers(corpus())
    n = 512
    bert_tok = tf.BertTokenizerFast(tokenizer_object=wp, do_lower_case=False, model_max_length=n)
    distil_tok = tf.DistilBertTokenizerFast(
        tokenizer_object=wp, do_lower_case=False, model_max_length=n
    )
    roberta_tok = tf.RobertaTokenizerFast(tokenizer_object=bpe, model_max_length=n)
    xlmr_tok = tf.XLMRobertaTokenizerFast(tokenizer_object=uni, model_max_length=n)
    id2label = dict(enumerate(LABELS))
    small = dict(
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=514,
        id2label=id2label,
        label2id={v: k for k, v in id2label.items()},
        initializer_range=0.5,
    )
    specs = [
        ("ner-bert", tf.BertConfig(vocab_size=len(wp.get_vocab()), **small), bert_tok),
        (
            "ner-roberta",
            tf.RobertaConfig(vocab_size=len(bpe.get_vocab()), pad_token_id=1, **small),
            roberta_tok,
        ),
        (
            "ner-xlmr",
            tf.XLMRobertaConfig(vocab_size=len(uni.get_vocab()), pad_token_id=1, **small),
            xlmr_tok,
        ),
        (
            "ner-distilbert",
            tf.DistilBertConfig(
                vocab_size=len(wp.get_vocab()),
                dim=32,
                n_layers=2,
                n_heads=2,
                hidden_dim=64,
                max_position_embeddings=512,
                id2label=id2label,
                label2id={v: k for k, v in id2label.items()},
                initializer_range=0.5,
            ),
            distil_tok,
        ),
    ]
    nli = dict(small, id2label=dict(enumerate(NLI)), label2id={v: k for k, v in enumerate(NLI)})
    specs += [
        ("nli-bert", tf.BertConfig(vocab_size=len(wp.get_vocab()), **nli), bert_tok),
        (
            "nli-roberta",
            tf.RobertaConfig(vocab_size=len(bpe.get_vocab()), pad_token_id=1, **nli),
            roberta_tok,
        ),
    ]
    for seed, (name, config, tok) in enumerate(specs):
        torch.manual_seed(1000 + seed)
        auto = tf.AutoModelForTokenClassification
        if name.startswith("nli-"):
            auto = tf.AutoModelForSequenceClassification
        model = auto.from_config(config).eval()
        d = out / name
        model.save_pretrained(d)
        tok.save_pretrained(d)
        strip_legacy(d)
    make_seq2seq(out, bpe, uni)
    (out / "inputs.json").write_text(json.dumps(inputs(), ensure_ascii=False))
    print(f"models and inputs in {out}")


# the size of every tiny BART-style summarizer of the parity stage (BART, Pegasus, mBART)
TINY_SEQ2SEQ = dict(
    d_model=32,
    encoder_layers=2,
    decoder_layers=2,
    encoder_attention_heads=2,
    decoder_attention_heads=2,
    encoder_ffn_dim=64,
    decoder_ffn_dim=64,
    init_std=0.3,
)


def make_seq2seq(out, bpe, uni):
    """Random tiny BART, T5, Pegasus and mBART summarizers with non-default generation settings."""
    import torch
    from tokenizers import Tokenizer, processors

    import transformers as tf

    bart_tok = tf.BartTokenizerFast(tokenizer_object=bpe, model_max_length=1024)
    t5 = Tokenizer.from_str(uni.to_str())
    t5.post_processor = processors.TemplateProcessing(
        single="$A </s>", pair="$A </s> $B </s>", special_tokens=[("</s>", 2)]
    )
    t5_tok = tf.T5TokenizerFast(
        tokenizer_object=t5,
        eos_token="</s>",
        unk_token="<unk>",
        pad_token="<pad>",
        extra_ids=0,
        model_max_length=512,
    )
    bart = tf.BartConfig(
        vocab_size=len(bpe.get_vocab()), max_position_embeddings=1024, **TINY_SEQ2SEQ
    )
    t5_config = tf.T5Config(
        vocab_size=len(uni.get_vocab()),
        d_model=32,
        d_kv=16,
        d_ff=64,
        num_layers=2,
        num_heads=2,
        pad_token_id=1,
        eos_token_id=2,
        decoder_start_token_id=1,
    )
    peg_tok, mbart_tok, peg_config, mbart_config = pegasus_mbart(uni)
    specs = [
        (
            "sum-bart",
            bart,
            bart_tok,
            dict(
                num_beams=4,
                length_penalty=2.0,
                no_repeat_ngram_size=3,
                early_stopping=True,
                forced_bos_token_id=0,
            ),
        ),
        ("sum-t5", t5_config, t5_tok, dict(num_beams=4, length_penalty=0.6, early_stopping=False)),
        (
            "sum-pegasus",
            peg_config,
            peg_tok,
            dict(num_beams=4, length_penalty=0.8, no_repeat_ngram_size=2, early_stopping="never"),
        ),
        (
            "sum-mbart",
            mbart_config,
            mbart_tok,
            dict(num_beams=4, length_penalty=1.0, no_repeat_ngram_size=3, early_stopping=True),
        ),
    ]
    for seed, (name, config, tok, gen) in enumerate(specs):
        torch.manual_seed(2000 + seed)
        model = tf.AutoModelForSeq2SeqLM.from_config(config).eval()
        for k, v in gen.items():
            setattr(model.generation_config, k, v)
        if name != "sum-t5":
            # end tokens within reach, so outputs end before max_length and beams finish
            with torch.no_grad():
                model.final_logits_bias[0, config.eos_token_id] = 5.0
        d = out / name
        model.save_pretrained(d)
        tok.save_pretrained(d)
        strip_legacy(d)


def pegasus_mbart(uni):
    """Tokenizers and configs of tiny Pegasus and mBART summarizers (the Unigram vocabulary).

    Pegasus: no start token, "$A </s>", sinusoidal positions, the decoder starts with the pad
    token. mBART: "$A </s> en_XX" (the source language code its tokenizer appends), learned
    positions, the decoder starts with </s> and the target language code is forced after it
    (as mBART-50 does: `decoder_start_token_id` = </s>, `forced_bos_token_id` = "de_DE").
    """
    from tokenizers import Tokenizer, processors

    import transformers as tf

    peg = Tokenizer.from_str(uni.to_str())
    peg.post_processor = processors.TemplateProcessing(
        single="$A </s>", pair="$A $B </s>", special_tokens=[("</s>", 2)]
    )
    # offset=1, no <mask_1>: no pretraining tokens added to the trained vocabulary
    peg_tok = tf.PegasusTokenizerFast(
        tokenizer_object=peg,
        mask_token="<mask>",
        mask_token_sent=None,
        offset=1,
        model_max_length=1024,
    )
    mbart_tok = tf.MBartTokenizerFast(
        tokenizer_object=Tokenizer.from_str(uni.to_str()), src_lang="en_XX", model_max_length=1024
    )
    small = dict(
        **TINY_SEQ2SEQ,
        scale_embedding=True,
        bos_token_id=0,
        pad_token_id=1,
        eos_token_id=2,
        forced_eos_token_id=2,
    )
    peg_config = tf.PegasusConfig(
        vocab_size=len(peg_tok), max_position_embeddings=1024, decoder_start_token_id=1, **small
    )
    mbart_config = tf.MBartConfig(
        vocab_size=len(mbart_tok),
        max_position_embeddings=1024,
        decoder_start_token_id=2,
        forced_bos_token_id=mbart_tok.convert_tokens_to_ids("de_DE"),
        **small,
    )
    return peg_tok, mbart_tok, peg_config, mbart_config


def check_summaries(out, nut):
    """nutgraf's output ids (and text) against model.generate() with the same settings."""
    import torch

    import transformers as tf

    torch.set_num_threads(1)  # tiny models: threads cost more than they give
    fails, compared, ties = 0, 0, 0
    for run in nut["summary"]:
        d, st = out / run["model"], run["settings"]
        tok = tf.AutoTokenizer.from_pretrained(d)
        model = tf.AutoModelForSeq2SeqLM.from_pretrained(d).eval()
        kw = {
            k: st[k]
            for k in (
                "max_length",
                "min_length",
                "num_beams",
                "length_penalty",
                "no_repeat_ngram_size",
                "early_stopping",
                "decoder_start_token_id",
                "eos_token_id",
                "pad_token_id",
                "forced_bos_token_id",
                "forced_eos_token_id",
            )
        }
        bad = 0
        for doc in run["docs"]:
            enc = tok(doc["text"], return_tensors="pt")
            with torch.no_grad():
                gen = model.generate(
                    **enc, do_sample=False, output_scores=True, return_dict_in_generate=True, **kw
                )
            ids = gen.sequences[0].tolist()
            text = tok.decode(ids, skip_special_tokens=True, clean_up_tokenization_spaces=False)
            compared += 1
            tie = near_tie(ids, doc["ids"], gen.scores) if st["num_beams"] == 1 else None
            if tie is not None:
                ties += 1
                step, margin = tie
                print(
                    f"near tie {run['model']} greedy {doc['id']}: at step {step} HF's top two"
                    f" scores differ by {margin:.1e} (<= {TOL}); nutgraf took the other"
                )
            elif ids != doc["ids"] or text != doc["summary"]:
                bad += 1
                print(f"MISMATCH {run['model']} beams={st['num_beams']} {doc['id']}:")
                print(f"  HF {ids}\n  ng {doc['ids']}")
                if text != doc["summary"]:
                    print(f"  HF {text!r}\n  ng {doc['summary']!r}")
        fails += bad
        lens = [len(doc["ids"]) for doc in run["docs"]]
        print(
            f"{run['model']} beams={st['num_beams']}: {len(run['docs'])} texts, output"
            f" {min(lens)}-{max(lens)} tokens, {bad} differ"
        )
    print(f"summaries: {compared} generations compared, {fails} differ, {ties} near ties")
    return fails == 0


def near_tie(hf, ng, scores):
    """Where greedy outputs part at a step whose two choices HF scores within TOL of each
    other (random tiny models have such near ties; the last bits of float arithmetic, which
    two implementations need not share, decide them): ``(step, margin)``; else None (equal
    outputs, or a real difference). ``scores`` are HF's processed scores of each generated
    token (``scores[i]`` chose ``hf[i + 1]``)."""
    if hf == ng:
        return None
    step = next((i for i, (a, b) in enumerate(zip(hf, ng)) if a != b), min(len(hf), len(ng)))
    if step == 0 or step >= len(hf) or step >= len(ng) or step - 1 >= len(scores):
        return None
    row = scores[step - 1][0]
    margin = float(row[hf[step]] - row[ng[step]])
    return (step, margin) if 0 <= margin <= TOL else None


def char_offsets(text):
    """Byte offset -> str index."""
    m, b = {}, 0
    for i, c in enumerate(text):
        m[b] = i
        b += len(c.encode())
    m[b] = len(text)
    return m


def check(out):
    import transformers as tf

    nut = json.loads((out / "nutgraf.json").read_text())
    fails, compared = 0, 0
    for run in nut["ner"]:
        name, strategy = run["model"], run["strategy"]
        pipe = tf.pipeline(
            "token-classification", model=str(out / name), aggregation_strategy=strategy
        )
        for doc in run["docs"]:
            text, chars = doc["text"], char_offsets(doc["text"])
            want = []
            for w in doc["windows"]:
                s, e = chars[w["start"]], chars[w["end"]]
                own = (chars[w["own_start"]], chars[w["own_end"]])
                for g in pipe(text[s:e]):
                    start = g["start"] + s
                    if own[0] <= start < own[1]:
                        want.append((g["entity_group"], start, g["end"] + s, float(g["score"])))
            got = [
                (g["group"], chars[g["start"]], chars[g["end"]], g["score"])
                for g in doc["entities"]
            ]
            compared += len(want)
            bad = len(want) != len(got) or any(
                a[:3] != b[:3] or abs(a[3] - b[3]) > TOL for a, b in zip(want, got)
            )
            if bad:
                fails += 1
                print(f"MISMATCH {name} {strategy} {doc['id']}: HF {len(want)}, nutgraf {len(got)}")
                for a, b in zip(want, got):
                    if a[:3] != b[:3] or abs(a[3] - b[3]) > TOL:
                        print(f"  HF {a}\n  ng {b}")
                        break
            if doc["id"] == "long" and strategy == "first":
                stride_report(pipe, text, got)
        print(f"{name} {strategy}: {len(run['docs'])} texts checked")
    print(f"ner: {compared} entity groups compared, {fails} texts differ")
    zfails, zcompared = 0, 0
    for run in nut["zero_shot"]:
        pipe = tf.pipeline("zero-shot-classification", model=str(out / run["model"]))
        labels, multi = run["labels"], run["multi_label"]
        for doc in run["docs"]:
            r = pipe(
                doc["text"],
                candidate_labels=labels,
                hypothesis_template=run["template"],
                multi_label=multi,
            )
            want = dict(zip(r["labels"], r["scores"]))
            diff = max(abs(want[lab] - s) for lab, s in zip(labels, doc["scores"]))
            zcompared += len(labels)
            if diff > TOL:
                zfails += 1
                print(f"MISMATCH {run['model']} multi_label={multi} {doc['id']}: |d| = {diff:.2e}")
        print(f"{run['model']} multi_label={multi}: {len(run['docs'])} texts checked")
    print(f"zero-shot: {zcompared} label scores compared, {zfails} texts differ")
    sums = check_summaries(out, nut)
    return fails == 0 and zfails == 0 and sums


def stride_report(pipe, text, got):
    """How HF's own windows (stride) differ from nutgraf's sentence windows (not asserted)."""
    try:
        hf = pipe(text, stride=128)
    except Exception as e:  # noqa: BLE001 -- reported only
        print(f"  long text, HF stride windows: {type(e).__name__}: {e}")
        return
    a = {(g["entity_group"], g["start"], g["end"]) for g in hf}
    b = {g[:3] for g in got}
    print(
        f"  long text, HF stride=128 vs nutgraf sentence windows: {len(a)} vs {len(b)} groups,"
        f" {len(a & b)} identical spans"
    )


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("make", "check"):
        sys.exit(__doc__)
    out = Path(sys.argv[2])
    if sys.argv[1] == "make":
        make(out)
    elif not check(out):
        sys.exit("parity check failed")


if __name__ == "__main__":
    main()
