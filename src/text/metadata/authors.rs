//! Author names as pages write them: byline prefixes ("Von", "By", "Autor:") and trailing
//! dates cut, several names split, implausible names (URLs, sentences, UI words) rejected.
//! It works on strings only: where a name comes from is the caller's business.

use regex::Regex;
use std::sync::LazyLock;

/// Byline prefixes (de, en, fr, es, it, nl, pt), longest first.
static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:written|posted|published|reported|story|text|words|photos?|fotos?)\s+(?:by|von)|(?:geschrieben|eingestellt|verfasst|veröffentlicht)\s+von|escrito\s+por|(?:ein\s+)?(?:blog[\s-]?)?(?:beitrag|artikel|kommentar|gastbeitrag)\s*von|[\p{L}-]+-(?:experte|expertin|autor|autorin|redakteur|redakteurin|korrespondent|korrespondentin|kolumnist|kolumnistin|reporter|reporterin)|autor(?:in|en|innen)?|authors?|text|vom|von|by|par|por|door|from)\s*[:\-–]?\s+",
    )
    .expect("valid prefix pattern")
});

/// "by" or "von" inside a byline, before the names.
static MID_CUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s(?:by|By|BY|von|Von)\s").expect("valid cue pattern"));

/// Separators between several names.
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*(?:[;,&]|\s/\s|\s(?:and|und|y|et|e|en|und\s+von)\s)\s*")
        .expect("valid separator pattern")
});

/// Words that say a string is page furniture or prose, not a name (lowercase).
const NOT_NAMES: &[&str] = &[
    "comment",
    "comments",
    "kommentar",
    "kommentare",
    "share",
    "teilen",
    "follow",
    "folgen",
    "mehr",
    "more",
    "read",
    "lesen",
    "posts",
    "beiträge",
    "artikel",
    "articles",
    "view",
    "profile",
    "profil",
    "contact",
    "kontakt",
    "login",
    "anmelden",
    "newsletter",
    "subscribe",
    "abonnieren",
    "minuten",
    "minutes",
    "min",
    "lesezeit",
    "updated",
    "aktualisiert",
    "published",
    "posted",
    "veröffentlicht",
    "uhr",
    "http",
    "https",
    "www",
    "unknown",
    "anonymous",
    "anonym",
    "anonyme",
    "anónimo",
    "anonimo",
    "null",
    "undefined",
    "admin",
    "administrator",
    "publisher",
    "gesponserte",
    "sponsored",
    "anzeige",
    "werbung",
];

/// Words and legal forms that say a name is an organisation, not a person (lowercase,
/// whole words): companies, newsrooms, agencies, public bodies.
const ORG_WORDS: &[&str] = &[
    "ag",
    "gmbh",
    "eg",
    "e.v",
    "ev",
    "se",
    "kg",
    "kgaa",
    "mbh",
    "ltd",
    "inc",
    "llc",
    "plc",
    "corp",
    "sa",
    "s.a",
    "news",
    "redaktion",
    "verlag",
    "zeitung",
    "presse",
    "pressestelle",
    "media",
    "medien",
    "stiftung",
    "institut",
    "ministerium",
    "bundesministerium",
    "fraktion",
    "feuerwehr",
    "diakonie",
    "kreuz",
    "team",
    "staff",
    "agencies",
    "agentur",
    "agenturen",
    "magazin",
    "magazine",
    "verband",
    "verein",
    "gruppe",
    "group",
    "partei",
    "foundation",
    "university",
    "universität",
    "abteilung",
    "department",
    "departement",
    "bundesamt",
    "germany",
    "deutschland",
];

/// News agencies, which name no author when they stand alone as the byline (lowercase).
const AGENCIES: &[&str] = &[
    "afp",
    "ap",
    "dpa",
    "efe",
    "reuters",
    "apa",
    "kna",
    "epd",
    "ansa",
    "sda",
    "xinhua",
    "ddp",
    "kyodo",
    "agencies",
    "agenturen",
    "agencias",
];

/// Endings of German compounds that name organisations ("Automobilwoche",
/// "Wirtschaftsnachrichten", "Volksblatt").
const ORG_ENDINGS: &[&str] = &[
    "nachrichten",
    "zeitung",
    "presse",
    "verlag",
    "blatt",
    "funk",
    "verband",
    "stiftung",
    "ministerium",
    "institut",
    "woche",
    "redaktion",
    "fraktion",
];

/// Whether `name` reads as an organisation: a legal form, a newsroom word, a German compound
/// ending like one.
pub fn is_organisation(name: &str) -> bool {
    let lower = name.to_lowercase();
    AGENCIES.contains(&lower.trim_matches(|c: char| !c.is_alphanumeric()))
        || lower
            .split(|c: char| c.is_whitespace() || c == '-' || c == ',')
            .map(|w| w.trim_matches(|c: char| matches!(c, '.' | '(' | ')')))
            .filter(|w| !w.is_empty())
            .any(|w| {
                ORG_WORDS.contains(&w)
                    || ORG_ENDINGS
                        .iter()
                        .any(|e| w.len() > e.len() + 2 && w.ends_with(e))
            })
}

/// Whether `name` looks like a person's name written out: 2–4 words, each capitalized
/// (particles such as "von", "de", "van" aside), no organisation words. For names found
/// in running text, where "Von Einheimischen, Gästen ..." also follows a byline cue.
pub fn looks_like_person(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(char::is_uppercase)
                || matches!(
                    *w,
                    "von" | "van" | "de" | "der" | "den" | "da" | "di" | "del" | "la" | "le" | "zu"
                )
        })
        && words.first().is_some_and(|w| {
            w.starts_with(char::is_uppercase)
                // "Das Mitternachtskabinett", "The Local": an article starts no name
                && !matches!(
                    *w,
                    "Das" | "Der" | "Die" | "The" | "Le" | "Les" | "El" | "Los" | "Il" | "Het"
                )
        })
        && !is_organisation(name)
}

/// Labels before a colon that say the name is not the author's ("Foto: Anna Muster").
const CREDIT_LABELS: &[&str] = &[
    "foto",
    "fotos",
    "photo",
    "photos",
    "bild",
    "bilder",
    "illustration",
    "illustrator",
    "ilustrator",
    "grafik",
    "video",
    "kamera",
    "quelle",
    "source",
    "image",
    "credit",
];

/// Words before a date that end a byline's name ("am 4. Mai", "on 3 May", "le 7 mai").
const DATE_CUES: &[&str] = &["am", "on", "at", "le", "el", "il", "op", "den"];

/// Labels of a date that may follow the name in a byline.
const DATE_LABELS: &[&str] = &[
    "date",
    "datum",
    "published",
    "updated",
    "posted",
    "veröffentlicht",
    "aktualisiert",
    "stand",
    "fecha",
    "publié",
];

/// Words that are never a name on their own: articles and the joins of a byline.
const LONE_WORDS: &[&str] = &[
    "the", "und", "and", "et", "y", "e", "en", "von", "vom", "by", "de", "par", "por", "mit",
    "with", "from",
];

/// One name cleaned, or `None` when `raw` does not look like a name.
pub fn clean_name(raw: &str) -> Option<String> {
    let mut s = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    // a byline often goes on with a date or a role after a bar or a bullet
    for sep in [
        " | ", " • ", " · ", " – ", " — ", " - ", " » ", "|", "•", "»",
    ] {
        if let Some((head, _)) = s.split_once(sep) {
            s = head.to_string();
        }
    }
    loop {
        let t = s.trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—' | '·' | '(' | ')')
        });
        let t = PREFIX.replace(t, "").to_string();
        if t == s {
            break;
        }
        s = t;
    }
    // "Interview: Anna Muster" names the author after a label; "Foto: ..." a photographer
    if let Some((label, rest)) = s.split_once(": ") {
        if !label.contains(' ') {
            if CREDIT_LABELS.contains(&label.to_lowercase().as_str()) {
                return None;
            }
            s = rest.trim().to_string();
        }
    }
    // a label glued to the name by markup without spaces ("AuthorAnna Muster")
    for label in ["Author", "Autor", "Autorin"] {
        if let Some(rest) = s.strip_prefix(label) {
            if rest.starts_with(char::is_uppercase) {
                s = rest.to_string();
            }
        }
    }
    // a copyright sign before a photo credit that repeats the name
    s = s
        .trim_start_matches(['©', ' '])
        .trim_start_matches("Copyright ")
        .trim()
        .to_string();
    // a label after the name starts something else ("Anna Muster Stand: 5. Mai")
    let words: Vec<&str> = s.split_whitespace().collect();
    if let Some(i) = (1..words.len()).find(|&i| words[i].len() > 1 && words[i].ends_with(':')) {
        s = words[..i].join(" ");
    }
    // a user name made of name parts ("edilson.la.rosa")
    if !s.contains(' ') {
        let parts: Vec<&str> = s.split('.').collect();
        if (2..=4).contains(&parts.len())
            && parts
                .iter()
                .all(|p| p.chars().count() >= 2 && p.chars().all(char::is_alphabetic))
        {
            s = parts.join(" ");
        }
    }
    // a date after the name ("CBS News February 24", "Anna Muster 4. Mai 2020")
    let words: Vec<&str> = s.split_whitespace().collect();
    if let Some(i) = (1..words.len()).find(|&i| {
        super::dates::month_number(words[i]).is_some()
            && words
                .get(i + 1)
                .or(words.get(i - 1))
                .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()))
    }) {
        let end = if words[i - 1].starts_with(|c: char| c.is_ascii_digit()) {
            i - 1
        } else {
            i
        };
        s = words[..end].join(" ");
    }
    // "lupa am 26/10/13", "Anna Muster on 3 May": a date after a cue word ends the name
    let words: Vec<&str> = s.split_whitespace().collect();
    if let Some(i) = (1..words.len()).find(|&i| {
        DATE_CUES.contains(&words[i].to_lowercase().as_str())
            && words
                .get(i + 1)
                .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()))
    }) {
        s = words[..i].join(" ");
    }
    // "Todd Bates Date February": a date's label after the name ends it
    let words: Vec<&str> = s.split_whitespace().collect();
    if let Some(i) = (1..words.len())
        .find(|&i| DATE_LABELS.contains(&words[i].trim_end_matches(':').to_lowercase().as_str()))
    {
        s = words[..i].join(" ");
    }
    // a role in brackets after the name ("Eberhard Fuhr (Pressesprecher)")
    // (its closing bracket may be trimmed above)
    if let Some(i) = s.find(" (") {
        if s[i..].find(')').is_none_or(|j| i + j + 1 == s.len()) {
            s.truncate(i);
        }
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    let half = words.len() / 2;
    if words.len() % 2 == 0 && half > 0 && words[..half] == words[half..] {
        s = words[..half].join(" ");
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    let lower = s.to_lowercase();
    let bad = s.is_empty()
        || PREFIX
            .find(&format!("{s} x"))
            .is_some_and(|m| m.end() > s.len())
        || s.contains('©')
        || s.chars().count() > 70
        || words.len() > 7
        || s.contains("://")
        || lower.starts_with("www.")
        || s.contains('@')
        || s.ends_with(['.', '!', '?']) && words.len() > 3
        || s.chars().filter(char::is_ascii_digit).count() > 4
        || !s.chars().any(char::is_alphabetic)
        || LONE_WORDS.contains(&lower.as_str())
        || s.starts_with(|c: char| c.is_ascii_digit())
        || words.len() == 1 && super::dates::month_number(&s).is_some()
        || lower.contains("[at]")
        || lower.contains("(at)")
        || words.first().is_some_and(|w| {
            let w = w.to_lowercase();
            CREDIT_LABELS.contains(&w.as_str()) || w == "фото"
        })
        || is_clock_time(&s)
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| NOT_NAMES.contains(&w));
    (!bad).then_some(s)
}

/// The names in `raw` ("Anna Muster und Ben Beispiel", "A, B & C"), each cleaned.
pub fn split_names(raw: &str) -> Vec<String> {
    let cleaned = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let cleaned = PREFIX.replace(cleaned.trim(), "");
    // "Posted on March 3, 2020 by Anna Muster": the names follow the cue after the date
    let cleaned = match MID_CUE.find(&cleaned) {
        Some(m) if cleaned[..m.start()].contains(|c: char| c.is_ascii_digit()) => {
            cleaned[m.end()..].to_string().into()
        }
        _ => cleaned,
    };
    let names: Vec<String> = SEPARATOR
        .split(&cleaned)
        .filter_map(clean_name)
        .filter(|n| !is_title_suffix(n))
        .collect();
    // "Ministerium für Wirtschaft und Klimaschutz": the separator was inside one
    // organisation's name, whose single words are no names of their own
    if names.len() > 1
        && names.iter().any(|n| is_organisation(n))
        && names.iter().any(|n| !n.contains(' '))
    {
        return clean_name(&cleaned).into_iter().collect();
    }
    names
}

/// Degrees and roles that follow a name after a comma ("Jane Doe, PhD", "Jane Doe, CEO").
fn is_title_suffix(s: &str) -> bool {
    matches!(
        s.to_lowercase().trim_end_matches('.'),
        "phd"
            | "md"
            | "jr"
            | "sr"
            | "dr"
            | "prof"
            | "mba"
            | "ma"
            | "msc"
            | "bsc"
            | "ll.m"
            | "ceo"
            | "cto"
            | "cfo"
            | "founder"
            | "editor"
            | "reporter"
            | "correspondent"
            | "redakteur"
            | "redakteurin"
    )
}

/// A clock time ("03:48 pm", "14:05").
fn is_clock_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(4).any(|w| {
        w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    })
}

/// Adds `names` to `out`, skipping ones already there (ignoring case).
pub fn push_unique(out: &mut Vec<String>, names: impl IntoIterator<Item = String>) {
    for n in names {
        if !out.iter().any(|o| o.to_lowercase() == n.to_lowercase()) {
            out.push(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_and_split() {
        assert_eq!(
            split_names("Von Roland Brockmann und Sebastian Drescher"),
            ["Roland Brockmann", "Sebastian Drescher"]
        );
        assert_eq!(
            split_names("By CLARA LÖW, SIDDHARTH PRAKASH & KLAUS JACOB"),
            ["CLARA LÖW", "SIDDHARTH PRAKASH", "KLAUS JACOB"]
        );
        assert_eq!(split_names("Autor: Jane Doe, PhD"), ["Jane Doe"]);
        assert_eq!(split_names("Anna Muster | 04.12.2026"), ["Anna Muster"]);
        assert_eq!(split_names("hessenschau.de/bb"), ["hessenschau.de/bb"]);
        assert_eq!(split_names("Interview: Julia Lauter"), ["Julia Lauter"]);
        assert_eq!(split_names("AuthorAndreas Kalt"), ["Andreas Kalt"]);
        assert_eq!(split_names("© Anna Muster Anna Muster"), ["Anna Muster"]);
        assert_eq!(split_names("Ryan Merkley, CEO"), ["Ryan Merkley"]);
        assert!(split_names("Foto: Ben Beispiel").is_empty());
        assert_eq!(split_names("edilson.la.rosa"), ["edilson la rosa"]);
        assert_eq!(split_names("CBS News February 24"), ["CBS News"]);
        assert_eq!(split_names("Anna Muster 4. Mai 2020"), ["Anna Muster"]);
        assert_eq!(
            split_names("Sara Zinnecker Stand: 05. Februar 2020"),
            ["Sara Zinnecker"]
        );
        assert_eq!(
            split_names("Posted on March 3, 2020 by Adi Tzlil"),
            ["Adi Tzlil"]
        );
        // an organisation's name keeps its "und"
        assert_eq!(
            split_names("Bundesministerium für Wirtschaft und Klimaschutz"),
            ["Bundesministerium für Wirtschaft und Klimaschutz"]
        );
        for bad in [
            "von",
            "Beitrag von",
            "Autor",
            "Posted on",
            "anónimo",
            "Bild © hr",
        ] {
            assert!(split_names(bad).is_empty(), "{bad}");
        }
        assert!(split_names("03:48 pm").is_empty());
        for bad in [
            "https://www.facebook.com/x",
            "Alle Artikel von Anna",
            "3 Kommentare",
            "Dies ist ein ganzer Satz mit vielen Wörtern darin.",
            "",
        ] {
            assert!(split_names(bad).is_empty(), "{bad}");
        }
    }

    #[test]
    fn dates_roles_credits_and_glue_are_cut() {
        assert_eq!(split_names("von lupa am 26/10/13, 03:48 pm"), ["lupa"]);
        assert_eq!(split_names("Beitragvon r23 » 21.01.2009, 05:42"), ["r23"]);
        assert_eq!(
            split_names("Redaktion: Eberhard Fuhr (Pressesprecher des EJW)"),
            ["Eberhard Fuhr"]
        );
        assert_eq!(
            split_names("FOCUS-Online-Experte Robin Tschöpe"),
            ["Robin Tschöpe"]
        );
        assert_eq!(split_names("Todd Bates Date February"), ["Todd Bates"]);
        assert_eq!(
            split_names("Posted by Nathan Parker and Kiran C Nair - Safe Browsing team"),
            ["Nathan Parker", "Kiran C Nair"]
        );
        assert_eq!(
            split_names("Autoren Jelko Djuren und Jutta Klaukien"),
            ["Jelko Djuren", "Jutta Klaukien"]
        );
        assert_eq!(split_names("vom Krimiblogger"), ["Krimiblogger"]);
        assert_eq!(
            split_names("Blog Beitrag von Margarita Koreneva"),
            ["Margarita Koreneva"]
        );
        // photo credits, e-mail addresses, joins, months and numbers are no names
        for bad in [
            "Фото из Инстаграма Лукаша Подольски",
            "Foto Anna Muster",
            "cipha[at]cipha.net",
            "und",
            "Oktober",
            "2020 CET.",
        ] {
            assert!(split_names(bad).is_empty(), "{bad}");
        }
    }

    #[test]
    fn organisations_are_not_persons() {
        for org in [
            "NATURSTROM AG",
            "Deutsches Weininstitut GmbH",
            "Hanns-Seidel-Stiftung e.V.",
            "BBC News",
            "Deutsche Wirtschaftsnachrichten",
            "OÖ Volksblatt",
        ] {
            assert!(is_organisation(org), "{org}");
            assert!(!looks_like_person(org), "{org}");
        }
        for person in ["Anna Muster", "Ursula von der Leyen", "Jean-Luc Picard"] {
            assert!(!is_organisation(person), "{person}");
            assert!(looks_like_person(person), "{person}");
        }
        assert!(!looks_like_person("Einheimischen"));
        assert!(!looks_like_person("Das Mitternachtskabinett"));
        assert!(is_organisation("Bündnis 90/Die Grünen Bundestagsfraktion"));
        assert!(!looks_like_person("ganz viel Kühen"));
        // a news agency alone is no author; a site that names it beside its own is
        assert!(is_organisation("AFP") && is_organisation("dpa"));
        assert!(!is_organisation("AFP/The Local"));
    }
}
