//! Training recipes of the built-in entity models for Spanish, French, Dutch, Portuguese,
//! Italian, Polish, Czech, Swedish, Danish, Finnish and Norwegian (Bokmål, Nynorsk) as
//! data: which files `nutgraf train ner|clusters --lang xx` reads. Reads no files (the
//! drivers in `crate::train` do).
//!
//! Paths are relative to the data folder (`--data-dir`, default `../shared/data`). The
//! English and German recipes are code in [`crate::train::ner`] and
//! [`crate::train::clusters`]. The choices were made on dev data only; see
//! `models/ner-xx.md`.
//!
//! The shipped models add options on the command line (`$D` is the data folder; `--train-domain`
//! adds another language's gold as a training-only domain, see `docs/german-ner.md`):
//!
//! | lang | command |
//! |---|---|
//! | es | `nutgraf train ner --lang es --output models/ner-es.ngm` |
//! | fr | `nutgraf train ner --lang fr --min-count 2 --output models/ner-fr.ngm` |
//! | nl | `nutgraf train clusters --lang nl --output models/clusters-nl.ngm`, then `nutgraf train ner --lang nl --clusters models/clusters-nl.ngm --output models/ner-nl.ngm` |
//! | pt | `nutgraf train ner --lang pt --min-count 2 --output models/ner-pt.ngm` |
//! | pl | `nutgraf train ner --lang pl --min-count 2 --output models/ner-pl.ngm` |
//! | it | `nutgraf train ner --lang it --min-count 2 --train-domain es:misc-o=$D/conll2002-es/normalized/train.tsv en:misc-o=$D/conll2003-en/original/eng.train pt=$D/wikiann/normalized/pt/train.tsv fr=$D/wikiann/normalized/fr/train.tsv --output models/ner-it.ngm` |
//! | cs | `nutgraf train ner --lang cs --min-count 3 --features full-stems --train-domain pl:misc-o:no-misc=$D/nkjp-pl/normalized/train.tsv.gz --prune 0.1 --final-fit --selected-output /tmp/ner-cs-selected.ngm --output models/ner-cs.ngm` (epochs selected on dev, then retrained on train + dev) |
//! | sv | `nutgraf train ner --lang sv --min-count 2 --features full-stems --output models/ner-sv.ngm` |
//! | da | `nutgraf train ner --lang da --train $D/danish-ner-da/normalized/train.tsv --dev $D/danish-ner-da/normalized/dev.tsv --train-domain nb=$D/norne-nb/normalized/train.tsv nn=$D/norne-nn/normalized/train.tsv sv=$D/swedish-ner-sv/normalized/train.tsv --features full-stems --final-fit --selected-output /tmp/ner-da-selected.ngm --output models/ner-da.ngm` (epochs selected on dev, then retrained on train + dev) |
//! | fi | `nutgraf train ner --lang fi --features full-stems --output models/ner-fi.ngm` |
//! | nb | `nutgraf train ner --lang nb --min-count 2 --train-domain nn=$D/norne-nn/normalized/train.tsv sv=$D/swedish-ner-sv/normalized/train.tsv --output models/ner-nb.ngm` |
//! | nn | `nutgraf train ner --lang nn --output models/ner-nn.ngm` |
//! | multi | `nutgraf train ner --lang multi --features generic-prefix --min-count 2 --output models/ner-multi.ngm` ([`MULTI_RECIPE`]; the same data as `python3 scripts/lolo.py --all --features generic-prefix --harvest --cap 10000 --min-count 2`) |

/// One labelled file of a recipe (CoNLL style, tag in the last column).
#[derive(Clone, Copy, Debug)]
pub struct DataFile {
    /// Path below the data folder.
    pub path: &'static str,
    /// The file has no MISC class: its O tokens may be MISC (latent during training) and
    /// MISC is ignored when it is scored.
    pub no_misc: bool,
    /// Name and licence, for the model description.
    pub what: &'static str,
    /// With `n > 0`, every `n`-th sentence of each document (index `i % n == n - 1`) is
    /// held out of training and used as dev data (for a corpus without a dev split).
    pub hold_out: usize,
}

/// How an unlabeled text file of a cluster recipe is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFormat {
    /// CoNLL-style token lines (labels ignored).
    Conll,
    /// A SIB-200 TSV file (`index_id<TAB>category<TAB>text` with a header line).
    Sib200,
    /// CoNLL-style token lines without the sentences a recipe holds out as dev
    /// ([`DataFile::hold_out`] `n`: those with `i % n == n - 1`).
    ConllHeldOut(usize),
}

/// One unlabeled text file of a cluster recipe.
#[derive(Clone, Copy, Debug)]
pub struct TextFile {
    /// Path below the data folder.
    pub path: &'static str,
    /// How the file is read.
    pub format: TextFormat,
    /// Name and licence, for the cluster description.
    pub what: &'static str,
}

/// The recipe of one language.
#[derive(Clone, Copy, Debug)]
pub struct Recipe {
    /// ISO 639-1 code.
    pub lang: &'static str,
    /// Training files.
    pub train: &'static [DataFile],
    /// Dev files for early stopping (never a test split).
    pub dev: &'static [DataFile],
    /// Unlabeled text for `nutgraf train clusters` (never a dev or test split).
    pub cluster_text: &'static [TextFile],
}

const fn df(path: &'static str, no_misc: bool, what: &'static str) -> DataFile {
    DataFile {
        path,
        no_misc,
        what,
        hold_out: 0,
    }
}

/// A training file of which every `n`-th sentence is held out as dev data.
const fn df_held(path: &'static str, n: usize, what: &'static str) -> DataFile {
    DataFile {
        path,
        no_misc: false,
        what,
        hold_out: n,
    }
}

const fn conll(path: &'static str, what: &'static str) -> TextFile {
    TextFile {
        path,
        format: TextFormat::Conll,
        what,
    }
}

const fn sib(path: &'static str, what: &'static str) -> TextFile {
    TextFile {
        path,
        format: TextFormat::Sib200,
        what,
    }
}

/// The recipes, one per language.
pub const RECIPES: &[Recipe] = &[
    Recipe {
        lang: "es",
        train: &[df(
            "conll2002-es/normalized/train.tsv",
            false,
            "CoNLL-2002 es train (EFE news, research use)",
        )],
        dev: &[df(
            "conll2002-es/normalized/dev.tsv",
            false,
            "CoNLL-2002 es dev (testa)",
        )],
        cluster_text: &[
            conll(
                "conll2002-es/normalized/train.tsv",
                "CoNLL-2002 es train (research use)",
            ),
            sib(
                "sib200/spa_Latn/train.tsv",
                "SIB-200 spa train (CC BY-SA 4.0)",
            ),
        ],
    },
    Recipe {
        lang: "fr",
        // WikiANN alone scored higher on WikiANN dev but tagged lowercase prose as
        // entities in news text; the Spanish news sentences fix most of that (dev numbers
        // in models/ner-fr.md).
        train: &[
            df(
                "wikiann/normalized/fr/train.tsv",
                false,
                "WikiANN fr train (Wikipedia, silver labels, licence unclear)",
            ),
            df(
                "conll2002-es/normalized/train.tsv",
                false,
                "CoNLL-2002 es train (Spanish news, a close language with running prose; research use)",
            ),
        ],
        dev: &[df(
            "wikiann/normalized/fr/dev.tsv",
            true,
            "WikiANN fr dev",
        )],
        cluster_text: &[
            conll(
                "wikiann/normalized/fr/train.tsv",
                "WikiANN fr train (licence unclear)",
            ),
            conll(
                "europeana-newspapers-ner-fr-nl/normalized/bnf.tsv",
                "Europeana Newspapers fr (BnF, CC0)",
            ),
            sib(
                "sib200/fra_Latn/train.tsv",
                "SIB-200 fra train (CC BY-SA 4.0)",
            ),
        ],
    },
    Recipe {
        lang: "nl",
        train: &[
            df(
                "conll2002-nl/original/ned.train",
                false,
                "CoNLL-2002 nl train (with article breaks; research use only)",
            ),
            df(
                "wikiann/normalized/nl/train.tsv",
                true,
                "WikiANN nl train (no MISC: latent MISC; licence unclear)",
            ),
        ],
        dev: &[df(
            "conll2002-nl/original/ned.testa",
            false,
            "CoNLL-2002 nl dev (testa, with article breaks)",
        )],
        cluster_text: &[
            conll(
                "conll2002-nl/original/ned.train",
                "CoNLL-2002 nl train (research use only)",
            ),
            conll(
                "wikiann/normalized/nl/train.tsv",
                "WikiANN nl train (licence unclear)",
            ),
            conll(
                "europeana-newspapers-ner-fr-nl/normalized/kb.tsv",
                "Europeana Newspapers nl (KB, CC0)",
            ),
            sib(
                "sib200/nld_Latn/train.tsv",
                "SIB-200 nld train (CC BY-SA 4.0)",
            ),
        ],
    },
    Recipe {
        lang: "pt",
        // WikiANN alone scored higher on WikiANN dev but tagged lowercase prose as
        // entities in news text; the Spanish news sentences fix most of that (dev numbers
        // in models/ner-pt.md).
        train: &[
            df(
                "wikiann/normalized/pt/train.tsv",
                false,
                "WikiANN pt train (Wikipedia, silver labels, licence unclear)",
            ),
            df(
                "conll2002-es/normalized/train.tsv",
                false,
                "CoNLL-2002 es train (Spanish news, a close language with running prose; research use)",
            ),
        ],
        dev: &[df(
            "wikiann/normalized/pt/dev.tsv",
            true,
            "WikiANN pt dev",
        )],
        cluster_text: &[
            conll(
                "wikiann/normalized/pt/train.tsv",
                "WikiANN pt train (licence unclear)",
            ),
            sib(
                "sib200/por_Latn/train.tsv",
                "SIB-200 por train (CC BY-SA 4.0)",
            ),
        ],
    },
    Recipe {
        lang: "it",
        // KIND has no MISC class: the model never predicts MISC.
        train: &[df(
            "kind-wikinews-it/normalized/train.tsv",
            false,
            "KIND Wikinews it train (CC BY-NC 4.0, non-commercial)",
        )],
        dev: &[df(
            "kind-wikinews-it/normalized/dev.tsv",
            false,
            "KIND Wikinews it dev",
        )],
        cluster_text: &[
            conll(
                "kind-wikinews-it/normalized/train.tsv",
                "KIND Wikinews it train (CC BY-NC 4.0)",
            ),
            sib(
                "sib200/ita_Latn/train.tsv",
                "SIB-200 ita train (CC BY-SA 4.0)",
            ),
        ],
    },
    Recipe {
        lang: "pl",
        train: &[df(
            "nkjp-pl/normalized/train.tsv.gz",
            false,
            "NKJP-1M pl train (split made in the data folder; GPL v3 or CC BY 4.0 upstream)",
        )],
        dev: &[df("nkjp-pl/normalized/dev.tsv.gz", false, "NKJP-1M pl dev")],
        cluster_text: &[
            conll(
                "nkjp-pl/normalized/train.tsv.gz",
                "NKJP-1M pl train (GPL v3 or CC BY 4.0)",
            ),
            sib(
                "sib200/pol_Latn/train.tsv",
                "SIB-200 pol train (CC BY-SA 4.0)",
            ),
        ],
    },
    Recipe {
        lang: "cs",
        train: &[df(
            "cnec2-cs/normalized/train.tsv",
            false,
            "CNEC 2.0 cs train (CC BY-NC-SA 3.0, non-commercial)",
        )],
        dev: &[df("cnec2-cs/normalized/dev.tsv", false, "CNEC 2.0 cs dev (dtest)")],
        cluster_text: &[
            conll(
                "cnec2-cs/normalized/train.tsv",
                "CNEC 2.0 cs train (CC BY-NC-SA 3.0)",
            ),
            sib(
                "sib200/ces_Latn/train.tsv",
                "SIB-200 ces train (CC BY-SA 4.0)",
            ),
        ],
    },
    Recipe {
        lang: "sv",
        // The corpus has no dev split: every 10th training sentence is held out for early
        // stopping (and left out of the cluster text).
        train: &[df_held(
            "swedish-ner-sv/normalized/train.tsv",
            10,
            "Swedish NER corpus sv train, 9/10 of sentences (Webbnyheter 2012; CC BY 4.0)",
        )],
        dev: &[],
        cluster_text: &[
            TextFile {
                path: "swedish-ner-sv/normalized/train.tsv",
                format: TextFormat::ConllHeldOut(10),
                what: "Swedish NER corpus sv train without the held-out 1/10 (CC BY 4.0)",
            },
            sib(
                "sib200/swe_Latn/train.tsv",
                "SIB-200 swe train (CC BY-SA 4.0)",
            ),
        ],
    },
    Recipe {
        lang: "da",
        // 604 Danish sentences are too few: Norwegian Bokmål news (a close language in
        // writing) raised dev F1 from 63.5 to 70.3 (models/ner-da.md). `train-5k.tsv` is the
        // first 272 sentences of `train.tsv`, so it adds nothing.
        train: &[
            df(
                "danish-ner-da/normalized/train.tsv",
                false,
                "Danish DDT NER da train (Plank 2019, 604 sentences; text CC BY-SA 4.0, labels unstated)",
            ),
            df(
                "norne-nb/normalized/train.tsv",
                false,
                "NorNE nb train (Norwegian Bokmål, annotations CC0)",
            ),
        ],
        dev: &[df(
            "danish-ner-da/normalized/dev.tsv",
            false,
            "Danish DDT NER da dev",
        )],
        cluster_text: &[
            conll(
                "danish-ner-da/normalized/train.tsv",
                "Danish DDT NER da train (CC BY-SA 4.0)",
            ),
            sib(
                "sib200/dan_Latn/train.tsv",
                "SIB-200 dan train (CC BY-SA 4.0)",
            ),
        ],
    },
    Recipe {
        lang: "fi",
        train: &[df(
            "turku-ner-fi/normalized/train.tsv",
            false,
            "Turku NER fi train (CC BY-SA 4.0)",
        )],
        dev: &[df(
            "turku-ner-fi/normalized/dev.tsv",
            false,
            "Turku NER fi dev",
        )],
        cluster_text: &[
            conll(
                "turku-ner-fi/normalized/train.tsv",
                "Turku NER fi train (CC BY-SA 4.0)",
            ),
            sib(
                "sib200/fin_Latn/train.tsv",
                "SIB-200 fin train (CC BY-SA 4.0)",
            ),
        ],
    },
    Recipe {
        lang: "nb",
        // NorNE Bokmål alone scored best on nb dev; adding the Nynorsk train set cost 0.2-0.6
        // (models/ner-nb.md).
        train: &[df(
            "norne-nb/normalized/train.tsv",
            false,
            "NorNE nb train (annotations CC0)",
        )],
        dev: &[df("norne-nb/normalized/dev.tsv", false, "NorNE nb dev")],
        cluster_text: &[
            conll(
                "norne-nb/normalized/train.tsv",
                "NorNE nb train (CC0 annotations)",
            ),
            conll(
                "norne-nn/normalized/train.tsv",
                "NorNE nn train (CC0 annotations)",
            ),
        ],
    },
    Recipe {
        lang: "nn",
        // Nynorsk gains from the Bokmål train set (nn dev 81.2 alone, 83.1 with both;
        // models/ner-nn.md). Early stopping on both dev sets.
        train: &[
            df(
                "norne-nn/normalized/train.tsv",
                false,
                "NorNE nn train (annotations CC0)",
            ),
            df(
                "norne-nb/normalized/train.tsv",
                false,
                "NorNE nb train (annotations CC0)",
            ),
        ],
        dev: &[
            df("norne-nn/normalized/dev.tsv", false, "NorNE nn dev"),
            df("norne-nb/normalized/dev.tsv", false, "NorNE nb dev"),
        ],
        cluster_text: &[
            conll(
                "norne-nn/normalized/train.tsv",
                "NorNE nn train (CC0 annotations)",
            ),
            conll(
                "norne-nb/normalized/train.tsv",
                "NorNE nb train (CC0 annotations)",
            ),
        ],
    },
];

/// Training sentences a language of the multilingual recipe contributes at most (spread
/// evenly over its file; `scripts/lolo.py --cap`).
pub const MULTI_CAP: usize = 10_000;

/// Dev sentences a language of the multilingual recipe contributes at most (`--dev-cap`).
pub const MULTI_DEV_CAP: usize = 300;

/// The multilingual fallback's recipe (`nutgraf train ner --lang multi`, `models/ner-multi.md`):
/// the gold train split of every language with one, in the order and with the files of
/// `scripts/lolo.py` (German: GermEval 2014 dev; Italian, which has no MISC class, last),
/// each capped at [`MULTI_CAP`] sentences; dev: the dev splits with a MISC class, each capped
/// at [`MULTI_DEV_CAP`], as one document. No cluster text (the model has no word clusters).
pub const MULTI_RECIPE: Recipe = Recipe {
    lang: "multi",
    train: &[
        df(
            "conll2003-en/normalized/train.tsv",
            false,
            "CoNLL-2003 en train (research agreement)",
        ),
        df(
            "germeval2014/normalized/dev.tsv",
            false,
            "GermEval 2014 dev (CC BY 4.0)",
        ),
        df(
            "conll2002-es/normalized/train.tsv",
            false,
            "CoNLL-2002 es train (research use)",
        ),
        df(
            "conll2002-nl/normalized/train.tsv",
            false,
            "CoNLL-2002 nl train (research only, no commercial use)",
        ),
        df(
            "nkjp-pl/normalized/train.tsv.gz",
            false,
            "NKJP-1M pl train (licence not stated with the data)",
        ),
        df(
            "cnec2-cs/normalized/train.tsv",
            false,
            "CNEC 2.0 cs train (CC BY-NC-SA 3.0)",
        ),
        df(
            "swedish-ner-sv/normalized/train.tsv",
            false,
            "Swedish NER corpus sv train (CC BY 4.0)",
        ),
        df(
            "danish-ner-da/normalized/train.tsv",
            false,
            "Danish DDT NER da train (labels without a stated licence)",
        ),
        df(
            "turku-ner-fi/normalized/train.tsv",
            false,
            "Turku NER fi train (CC BY-SA 4.0)",
        ),
        df(
            "norne-nb/normalized/train.tsv",
            false,
            "NorNE nb train (annotations CC0)",
        ),
        df(
            "kind-wikinews-it/normalized/train.tsv",
            true,
            "KIND Wikinews it train (CC BY-NC 4.0)",
        ),
    ],
    dev: &[
        df(
            "conll2003-en/normalized/dev.tsv",
            false,
            "CoNLL-2003 en dev",
        ),
        df(
            "conll2002-es/normalized/dev.tsv",
            false,
            "CoNLL-2002 es dev",
        ),
        df(
            "conll2002-nl/normalized/dev.tsv",
            false,
            "CoNLL-2002 nl dev",
        ),
        df("nkjp-pl/normalized/dev.tsv.gz", false, "NKJP-1M pl dev"),
        df("cnec2-cs/normalized/dev.tsv", false, "CNEC 2.0 cs dev"),
        df(
            "danish-ner-da/normalized/dev.tsv",
            false,
            "Danish DDT NER da dev",
        ),
        df("turku-ner-fi/normalized/dev.tsv", false, "Turku NER fi dev"),
        df("norne-nb/normalized/dev.tsv", false, "NorNE nb dev"),
    ],
    cluster_text: &[],
};

/// The column of `gazetteer-countries` with the country names of `lang` (Norwegian
/// Bokmål and Nynorsk share `no`).
pub fn country_column(lang: &str) -> &str {
    match lang {
        "nb" | "nn" => "no",
        _ => lang,
    }
}

/// The recipe of `lang`, if this table has one.
pub fn recipe(lang: &str) -> Option<&'static Recipe> {
    RECIPES.iter().find(|r| r.lang == lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipes_are_well_formed() {
        for l in [
            "es", "fr", "nl", "pt", "it", "pl", "cs", "sv", "da", "fi", "nb", "nn",
        ] {
            let r = recipe(l).expect("recipe");
            let held_out = r.train.iter().any(|f| f.hold_out > 0);
            assert!(!r.train.is_empty() && !r.cluster_text.is_empty());
            assert!(!r.dev.is_empty() || held_out, "{l}: no dev data");
            // never a test split, and dev text never used for clusters
            for f in r.train.iter().chain(r.dev) {
                assert!(!f.path.contains("test.") && !f.path.ends_with("testb"));
            }
            for f in r.cluster_text {
                assert!(!f.path.contains("test") && !f.path.contains("dev"));
            }
        }
        assert!(recipe("xx").is_none());
        // the multilingual recipe: train and dev splits only, Italian (no MISC) last
        let m = &MULTI_RECIPE;
        assert_eq!((m.train.len(), m.dev.len()), (11, 8));
        for f in m.train.iter().chain(m.dev) {
            assert!(!f.path.contains("test") && f.hold_out == 0, "{}", f.path);
        }
        assert!(m.train.iter().filter(|f| f.no_misc).count() == 1 && m.train[10].no_misc);
        assert_eq!(country_column("nb"), "no");
        assert_eq!(country_column("es"), "es");
    }
}
