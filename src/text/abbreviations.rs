//! Abbreviations and month names per language, for sentence splitting and tokenization.
//! Data and lookups only: the boundary rule itself is [`super::tokenize::period_is_boundary`].
//!
//! Entries are lowercase and without their final period ("z.b" for "z. B."/"z.B.", "bl.a").
//! English and German share one list (as they always did); every other language has its own
//! list plus [`COMMON`], so that "det." (Norwegian "it") or "co." (Czech "what") end sentences.

/// No listed word is longer (bytes): longer words are rejected before lowercasing.
const MAX_WORD_LEN: usize = 40;

/// Abbreviations of English and German texts (also used when the language is unknown).
const EN_DE: &[&str] = &[
    // German
    "abs", "abt", "allg", "bd", "bzw", "ca", "chr", "d", "dgl", "di", "do", "dr", "ebd", "etc",
    "evtl", "fa", "ff", "fr", "gegr", "ggf", "hrsg", "inkl", "insb", "jh", "jhd", "jr", "kap",
    "mio", "mrd", "mi", "mo", "nr", "o", "od", "pkt", "prof", "rd", "s", "sa", "so", "sog", "std",
    "str", "tel", "u", "usw", "v", "vgl", "vs", "z", "zb", "zit", "zt", "zzgl", "bspw", "ehem",
    "eigtl", "gem", "geb", "gest", "hl", "lt", "max", "min", "mind", "n", "nachf", "ndr", "orig",
    "präs", "sen", "sr", "st", "urspr", "verh", "verw", "weil", "zw", "uvm", // English
    "mr", "mrs", "ms", "messrs", "gen", "gov", "sen", "rep", "rev", "hon", "lt", "col", "maj",
    "capt", "cmdr", "sgt", "supt", "det", "insp", "inc", "corp", "ltd", "co", "plc", "bros", "no",
    "nos", "vol", "vols", "p", "pp", "fig", "figs", "al", "approx", "dept", "est", "ft", "mt",
    "ave", "blvd", "rd", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "e.g",
    "i.e", "a.m", "p.m", "u.s", "u.k", "u.n", "d.c", "u.s.a", "z.b", "u.a", "d.h", "o.ä", "s.o",
    "u.u", "v.a", "z.t", "n.chr", "v.chr", "bzgl",
];

/// Abbreviations of every other language: titles and company forms that are no word anywhere.
const COMMON: &[&str] = &[
    "dr", "prof", "nr", "etc", "vs", "mr", "mrs", "jr", "inc", "ltd", "corp", "e.g", "i.e", "h",
    "st",
];

/// Abbreviations of one language (without [`COMMON`]); empty for languages without a list.
fn own(lang: &str) -> &'static [&'static str] {
    match lang {
        "fr" => &[
            "mm", "mme", "mmes", "mlle", "mlles", "me", "mgr", "pr", "st", "ste", "bd", "boul",
            "chap", "cf", "env", "ex", "hab", "min", "max", "p", "pp", "vol", "éd", "fig", "tél",
            "ca", "janv", "févr", "avr", "juil", "sept", "oct", "nov", "déc", "c.-à-d", "p.ex",
            "s.a", "j.-c", "apr", "av", "cie", "éts", "n°", "nº",
        ],
        "es" => &[
            "sr", "sra", "sres", "sras", "srta", "dra", "dña", "ud", "uds", "vd", "vds", "lic",
            "ing", "arq", "gral", "cap", "av", "avda", "c", "cía", "ej", "p.ej", "pág", "págs",
            "núm", "art", "arts", "aprox", "tel", "tfno", "ee.uu", "s.a", "s.l", "ene", "feb",
            "abr", "jun", "jul", "ago", "sep", "sept", "oct", "nov", "dic", "vol", "dpto", "depto",
            "admón", "atte", "ca", "n°", "nº", "pdte", "sta", "sto", "mons", "excmo", "excma",
            "ilmo", "ilma",
        ],
        "it" => &[
            "sig", "sigg", "sig.ra", "sig.na", "dott", "dott.ssa", "ing", "avv", "arch", "geom",
            "rag", "on", "sen", "mons", "pag", "pagg", "art", "artt", "nn", "es", "ecc", "cfr",
            "ca", "vol", "tel", "s.p.a", "s.r.l", "gen", "genn", "febbr", "apr", "magg", "giu",
            "lug", "ag", "sett", "ott", "nov", "dic", "c.so", "p.za", "v.le", "sec", "cit", "n°",
            "nº", "s.s", "f.lli", "prov",
        ],
        "pt" => &[
            "sr", "sra", "srs", "sras", "srta", "dra", "drs", "dras", "profa", "eng", "av", "pç",
            "ex", "p.ex", "pág", "págs", "art", "arts", "cap", "vol", "tel", "lda", "ltda", "s.a",
            "jan", "fev", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez", "aprox",
            "cia", "sto", "sta", "v.exa", "exmo", "exma", "n°", "nº", "gov", "dep", "sen",
        ],
        "nl" => &[
            "dhr", "mevr", "mw", "drs", "ir", "ing", "st", "blz", "bijv", "bv", "ca", "d.w.z",
            "e.d", "enz", "evt", "jl", "m.a.w", "m.b.t", "o.a", "resp", "t.a.v", "t.o.v", "v.chr",
            "n.chr", "zgn", "jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt",
            "nov", "dec", "ds", "pag", "tel", "p", "vgl", "mln", "mld", "nv",
        ],
        "pl" => &[
            "ul", "al", "pl", "np", "tzn", "tj", "ok", "im", "św", "hab", "inż", "mgr", "płk",
            "gen", "ks", "red", "tel", "godz", "min", "sek", "ww", "zob", "por", "pt", "tys",
            "mln", "mld", "zł", "gr", "proc", "ds", "wg", "m.in", "itd", "itp", "jw", "br", "ub",
            "tzw", "ang", "łac", "niem", "franc", "dot", "art", "ust", "pkt", "poz", "str", "rys",
            "tab", "woj", "pow", "gm", "os", "wyd", "stycz", "lut", "kwiec", "czerw", "sierp",
            "wrz", "paźdz", "grudz", "ppłk", "mjr", "kpt", "por", "gen", "bp", "abp", "pkt", "cz",
            "nt", "tel", "p.o", "r", "ok", "b", "n.e", "p.n.e", "sp", "z.o.o", "s.a", "p", "s",
        ],
        "cs" | "sk" => &[
            "např", "napr", "tzv", "tj", "atd", "atď", "apod", "aj", "mj", "resp", "popř", "příp",
            "príp", "č", "čj", "str", "tel", "ing", "mgr", "bc", "judr", "mudr", "phdr", "rndr",
            "doc", "csc", "drsc", "phd", "pí", "ul", "nám", "tř", "mil", "mld", "tis", "kč", "hod",
            "min", "sv", "r", "odd", "vl", "cca", "max", "ev", "zn", "viz", "n.l", "př.n.l", "a.s",
            "s.r.o", "spol", "v.o.s", "k.s", "tzn", "t.j", "t.č", "zák", "čl", "odst", "písm",
            "led", "úno", "bře", "dub", "kvě", "čvn", "čvc", "srp", "zář", "říj", "pros", "ml",
            "st", "gen", "plk", "pplk", "mjr", "kpt",
        ],
        "sv" => &[
            "bl.a", "t.ex", "t.o.m", "fr.o.m", "s.k", "m.m", "m.fl", "osv", "o.s.v", "dvs",
            "d.v.s", "pga", "p.g.a", "ca", "kl", "jfr", "resp", "st", "jan", "feb", "mar", "apr",
            "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dec", "doc", "fil", "tel", "kap",
            "f.d", "f.n", "e.kr", "f.kr", "milj", "mdr", "kr", "forts", "ev", "sid", "tf", "ang",
            "inkl", "exkl", "obs", "p.s", "ff", "kungl", "ordf", "dir", "ab", "str",
        ],
        "da" => &[
            "bl.a", "f.eks", "fx", "dvs", "d.v.s", "mv", "m.v", "m.m", "osv", "o.s.v", "ca", "kl",
            "jf", "jfr", "evt", "pga", "p.g.a", "ifm", "i.f.m", "inkl", "ekskl", "mht", "m.h.t",
            "hhv", "henh", "vedr", "ang", "iflg", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
            "sep", "sept", "okt", "nov", "dec", "mio", "mia", "mill", "mrd", "kr", "stk", "tlf",
            "tel", "st", "sml", "vha", "t.o.m", "f.o.m", "e.kr", "f.kr", "aps", "hr", "fr", "frk",
            "adm", "dir", "gl", "nr", "s.d", "a/s", "kap", "str",
        ],
        "nb" | "nn" | "no" => &[
            "bl.a", "f.eks", "dvs", "d.v.s", "mv", "m.v", "m.m", "osv", "o.s.v", "ca", "kl", "jf",
            "jfr", "evt", "pga", "p.g.a", "ifm", "i.f.m", "inkl", "ekskl", "mht", "m.h.t", "hhv",
            "vedr", "ang", "iflg", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
            "okt", "nov", "des", "mill", "mrd", "kr", "stk", "tlf", "tel", "st", "sml", "t.o.m",
            "f.o.m", "e.kr", "f.kr", "asa", "o.l", "adm", "dir", "d.d", "pr", "bl.a", "t.d", "m.a",
            "mfl", "m.fl", "nr", "kap", "str", "jnr",
        ],
        "fi" => &[
            "esim", "ks", "mm", "ns", "nk", "ym", "yms", "jne", "tms", "ts", "vrt", "ml", "eaa",
            "jaa", "ekr", "jkr", "ko", "em", "tri", "dos", "rva", "hra", "nti", "klo", "puh", "os",
            "milj", "mrd", "tmv", "tjsp", "tammik", "helmik", "maalisk", "huhtik", "toukok",
            "kesäk", "heinäk", "elok", "syysk", "lokak", "marrask", "jouluk", "vt", "kok", "sd",
            "kesk", "vas", "vihr", "ps", "rkp", "kd", "oy", "oyj", "ry", "ap", "ip", "va", "ed",
            "s", "n", "v", "kpl", "krs", "lk", "ma", "ti", "ke", "to", "pe", "la", "su",
        ],
        _ => &[],
    }
}

/// Abbreviations (lowercase, without the final period) that often end a sentence:
/// "... Äpfel, Birnen usw. Die Preise ...", "... moved to the U.S. It was ...".
fn sentence_final(lang: &str) -> &'static [&'static str] {
    match lang {
        "fr" | "es" | "pt" => &["etc", "ee.uu", "s.a", "ltda", "lda", "cie", "cía"],
        "it" => &["ecc", "etc", "s.p.a", "s.r.l"],
        "nl" => &["enz", "etc", "bv", "nv", "mln", "mld"],
        "pl" => &[
            "itd", "itp", "r", "tys", "mln", "mld", "zł", "proc", "jw", "br", "s.a", "z.o.o",
        ],
        "cs" | "sk" => &[
            "atd", "atď", "apod", "aj", "mil", "mld", "tis", "kč", "r", "s.r.o", "a.s", "spol",
        ],
        "sv" => &[
            "osv", "o.s.v", "m.m", "m.fl", "kr", "st", "milj", "mdr", "etc", "ab",
        ],
        "da" | "nb" | "nn" | "no" => &[
            "osv", "o.s.v", "mv", "m.v", "m.m", "m.fl", "mfl", "kr", "stk", "mio", "mia", "mill",
            "mrd", "etc", "a/s", "aps", "asa",
        ],
        "fi" => &[
            "jne", "tms", "ym", "yms", "milj", "mrd", "tjsp", "etc", "oy", "oyj", "ry", "kpl",
        ],
        _ => &[
            "etc", "usw", "uvm", "u.s", "u.k", "u.n", "d.c", "u.s.a", "inc", "ltd", "corp", "co",
            "plc", "bros", "no", "jr", "sr",
        ],
    }
}

/// Whether the language shares the English–German list (which treats every single letter as
/// an initial or abbreviation, "u. a.", "s. o.").
pub fn uses_en_de(lang: &str) -> bool {
    own(lang).is_empty()
}

fn lower(word: &str) -> Option<String> {
    (word.len() <= MAX_WORD_LEN).then(|| word.to_lowercase())
}

/// Whether `word` (without the trailing period) is a known abbreviation in `lang`.
pub fn is_abbreviation(lang: &str, word: &str) -> bool {
    let Some(w) = lower(word) else { return false };
    let w = w.as_str();
    if uses_en_de(lang) {
        return EN_DE.contains(&w);
    }
    own(lang).contains(&w) || COMMON.contains(&w)
}

/// Whether the abbreviation `word` (without the trailing period) can end a sentence in `lang`.
pub fn can_end_sentence(lang: &str, word: &str) -> bool {
    let Some(w) = lower(word) else { return false };
    let w = w.as_str();
    sentence_final(lang).contains(&w) || COMMON.contains(&w) && matches!(w, "etc" | "inc" | "ltd")
}

/// Whether the abbreviation `word` closes an enumeration ("etc.", "itd.", "osv.") or is a
/// unit after a number ("zł.", "tys."): outside English and German it ends the sentence
/// before any capitalized word.
pub fn closes_list(lang: &str, word: &str) -> bool {
    const LIST: &[&str] = &[
        "etc", "itd", "itp", "jne", "tms", "yms", "osv", "o.s.v", "ecc", "enz", "atd", "atď",
        "apod", "m.m", "mv", "m.v", "m.fl", "mfl", "tjsp", "zł", "proc", "tys", "mln", "mld", "kč",
        "tis", "mil",
    ];
    let Some(w) = lower(word) else { return false };
    !uses_en_de(lang) && LIST.contains(&w.as_str())
}

/// Month names (lowercase; the genitive and partitive forms of dates too) of `lang`, and of
/// German and English in every language: a number with a period before one of them is an
/// ordinal date ("9. April", "3. května"), not a sentence end.
pub fn is_month(lang: &str, word: &str) -> bool {
    const EN_DE_MONTHS: &[&str] = &[
        "januar",
        "jänner",
        "februar",
        "märz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
        "january",
        "february",
        "march",
        "may",
        "june",
        "july",
        "october",
        "december",
    ];
    let Some(w) = lower(word) else { return false };
    let w = w.as_str();
    if EN_DE_MONTHS.contains(&w) {
        return true;
    }
    let list: &[&str] = match lang {
        "fr" => &[
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        "es" => &[
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "setiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        "it" => &[
            "gennaio",
            "febbraio",
            "marzo",
            "aprile",
            "maggio",
            "giugno",
            "luglio",
            "agosto",
            "settembre",
            "ottobre",
            "novembre",
            "dicembre",
        ],
        "pt" => &[
            "janeiro",
            "fevereiro",
            "março",
            "abril",
            "maio",
            "junho",
            "julho",
            "agosto",
            "setembro",
            "outubro",
            "novembro",
            "dezembro",
        ],
        "nl" => &[
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        "pl" => &[
            "styczeń",
            "stycznia",
            "luty",
            "lutego",
            "marzec",
            "marca",
            "kwiecień",
            "kwietnia",
            "maj",
            "maja",
            "czerwiec",
            "czerwca",
            "lipiec",
            "lipca",
            "sierpień",
            "sierpnia",
            "wrzesień",
            "września",
            "październik",
            "października",
            "listopad",
            "listopada",
            "grudzień",
            "grudnia",
        ],
        "cs" => &[
            "leden",
            "ledna",
            "únor",
            "února",
            "březen",
            "března",
            "duben",
            "dubna",
            "květen",
            "května",
            "červen",
            "června",
            "červenec",
            "července",
            "srpen",
            "srpna",
            "září",
            "říjen",
            "října",
            "listopad",
            "listopadu",
            "prosinec",
            "prosince",
        ],
        "sk" => &[
            "január",
            "januára",
            "február",
            "februára",
            "marec",
            "marca",
            "apríl",
            "apríla",
            "máj",
            "mája",
            "jún",
            "júna",
            "júl",
            "júla",
            "augusta",
            "septembra",
            "október",
            "októbra",
            "novembra",
            "decembra",
        ],
        "sv" => &[
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        "da" => &[
            "januar",
            "februar",
            "marts",
            "april",
            "maj",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "december",
        ],
        "nb" | "nn" | "no" => &[
            "januar",
            "februar",
            "mars",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "desember",
        ],
        "fi" => &[
            "tammikuu",
            "tammikuuta",
            "helmikuu",
            "helmikuuta",
            "maaliskuu",
            "maaliskuuta",
            "huhtikuu",
            "huhtikuuta",
            "toukokuu",
            "toukokuuta",
            "kesäkuu",
            "kesäkuuta",
            "heinäkuu",
            "heinäkuuta",
            "elokuu",
            "elokuuta",
            "syyskuu",
            "syyskuuta",
            "lokakuu",
            "lokakuuta",
            "marraskuu",
            "marraskuuta",
            "joulukuu",
            "joulukuuta",
        ],
        "hu" => &[
            "január",
            "február",
            "március",
            "április",
            "május",
            "június",
            "július",
            "augusztus",
            "szeptember",
            "október",
            "november",
            "december",
        ],
        _ => &[],
    };
    list.contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_lowercase_without_final_period() {
        for lang in [
            "", "en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sv", "da", "nb", "fi",
        ] {
            for w in own(lang).iter().chain(sentence_final(lang)).chain(EN_DE) {
                assert_eq!(w.to_lowercase(), *w, "{lang}: {w}");
                assert!(!w.ends_with('.') && !w.contains(' '), "{lang}: {w}");
            }
        }
    }

    #[test]
    fn per_language() {
        assert!(is_abbreviation("pl", "ul") && is_abbreviation("pl", "Np"));
        assert!(!is_abbreviation("en", "ul"));
        assert!(is_abbreviation("nb", "bl.a") && is_abbreviation("da", "f.eks"));
        // Norwegian "det" and Czech "co" are words, not the English "Det." and "Co."
        assert!(!is_abbreviation("nb", "det") && !is_abbreviation("cs", "co"));
        assert!(is_abbreviation("en", "det") && is_abbreviation("en", "co"));
        assert!(is_abbreviation("es", "Sra") && is_abbreviation("fr", "Mme"));
        assert!(can_end_sentence("pl", "itd") && can_end_sentence("de", "usw"));
        assert!(is_month("cs", "května") && is_month("fi", "toukokuuta"));
        assert!(is_month("fr", "April") && !is_month("fr", "marzo"));
    }
}
