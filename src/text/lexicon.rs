//! Small per-language word lists used by text preparation: function words (for boilerplate
//! detection and sentence splitting); abbreviations and months are [`super::abbreviations`].
//! Data and lookups only; no stage logic lives here.

/// Frequent function words of a language (lowercase). Empty for unknown languages.
pub fn stopwords(lang: &str) -> &'static [&'static str] {
    match lang {
        "de" => &[
            "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einen", "einem",
            "eines", "und", "oder", "aber", "in", "im", "an", "am", "auf", "aus", "bei", "mit",
            "nach", "von", "vom", "zu", "zum", "zur", "für", "über", "unter", "vor", "durch",
            "gegen", "ohne", "um", "als", "wie", "wenn", "dass", "daß", "ob", "weil", "nicht",
            "auch", "noch", "nur", "schon", "sehr", "so", "es", "er", "sie", "wir", "ich", "ihr",
            "sich", "sein", "seine", "ihre", "ist", "sind", "war", "waren", "hat", "haben",
            "hatte", "wird", "werden", "wurde", "wurden", "kann", "können", "soll", "sollen",
            "muss", "diese", "dieser", "dieses", "diesem", "diesen", "man", "was", "wer", "bis",
            "seit", "zwischen", "sowie", "sowohl", "beim", "ins", "einer", "jedoch", "dann",
            "denn", "doch", "hier", "da", "dort", "alle", "mehr", "bereits", "zwei", "drei",
        ],
        "en" => &[
            "the", "a", "an", "and", "or", "but", "of", "in", "on", "at", "to", "for", "from",
            "by", "with", "about", "as", "into", "over", "after", "before", "under", "between",
            "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does",
            "did", "will", "would", "can", "could", "should", "may", "might", "must", "it", "its",
            "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "this", "that",
            "these", "those", "which", "who", "whom", "what", "when", "where", "while", "not",
            "no", "also", "than", "then", "there", "here", "so", "if", "said", "says", "up", "out",
            "more", "most", "some", "all", "any", "other", "such", "only", "new", "two",
        ],
        "fr" => &[
            "le", "la", "les", "un", "une", "des", "du", "de", "et", "ou", "mais", "en", "dans",
            "sur", "sous", "par", "pour", "avec", "sans", "au", "aux", "à", "ce", "cette", "ces",
            "est", "sont", "été", "être", "a", "ont", "avait", "il", "elle", "ils", "elles",
            "nous", "vous", "qui", "que", "dont", "où", "ne", "pas", "plus", "se", "sa", "son",
            "ses", "leur", "leurs", "comme", "aussi", "entre", "après", "avant",
        ],
        "es" => &[
            "el", "la", "los", "las", "un", "una", "unos", "unas", "y", "o", "pero", "de", "del",
            "en", "a", "al", "con", "por", "para", "sin", "sobre", "entre", "es", "son", "fue",
            "ha", "han", "ser", "está", "que", "quien", "se", "su", "sus", "lo", "le", "les", "no",
            "más", "como", "también", "este", "esta", "estos", "ese", "esa", "tras",
        ],
        "nl" => &[
            "de", "het", "een", "en", "of", "maar", "van", "in", "op", "aan", "met", "voor",
            "door", "bij", "naar", "uit", "over", "onder", "tot", "om", "is", "zijn", "was",
            "waren", "heeft", "hebben", "had", "wordt", "worden", "werd", "die", "dat", "deze",
            "dit", "hij", "zij", "ze", "we", "wij", "ik", "niet", "ook", "nog", "al", "als", "er",
            "te", "zich", "haar", "hun", "wat", "wie",
        ],
        "pt" => &[
            "o", "a", "os", "as", "um", "uma", "e", "ou", "mas", "de", "do", "da", "dos", "das",
            "em", "no", "na", "nos", "nas", "por", "para", "com", "sem", "sobre", "entre", "é",
            "são", "foi", "ser", "está", "que", "se", "seu", "sua", "não", "mais", "como",
            "também", "este", "esta", "ao", "aos", "pelo", "pela",
        ],
        "it" => &[
            "il", "lo", "la", "i", "gli", "le", "un", "una", "e", "o", "ma", "di", "del", "della",
            "in", "nel", "nella", "a", "al", "alla", "da", "dal", "con", "per", "su", "tra", "fra",
            "è", "sono", "era", "stato", "che", "chi", "si", "suo", "sua", "non", "più", "come",
            "anche", "questo", "questa",
        ],
        _ => &[],
    }
}

/// No listed word is longer (bytes): longer words are rejected before lowercasing, so
/// that looking up a 10 MB "word" costs nothing.
const MAX_WORD_LEN: usize = 40;

/// Whether `word` (any case) is a function word of `lang`.
pub fn is_stopword(lang: &str, word: &str) -> bool {
    let list = stopwords(lang);
    if list.is_empty() || word.len() > MAX_WORD_LEN {
        return false;
    }
    let lower = word.to_lowercase();
    list.contains(&lower.as_str())
}

/// Whether a capitalized `word` typically starts a sentence (articles, pronouns,
/// conjunctions): after an ambiguous period it signals a sentence end.
pub fn is_sentence_starter(lang: &str, word: &str) -> bool {
    const EN: &[&str] = &[
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "this",
        "that",
        "these",
        "those",
        "there",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "after",
        "before",
        "when",
        "while",
        "if",
        "however",
        "meanwhile",
        "but",
        "yet",
        "so",
        "as",
    ];
    const DE: &[&str] = &[
        "ich", "du", "wir", "ihr", "man", "dies", "dann", "doch", "danach", "damit", "dabei",
        "dort", "sein", "seine", "ihre", "unser", "unsere", "auch", "trotzdem", "jetzt",
    ];
    if is_stopword(lang, word) {
        return true;
    }
    let lower = word.to_lowercase();
    let list = match lang {
        "en" => EN,
        "de" => DE,
        "fr" | "es" | "nl" | "pt" | "it" => return false,
        // other languages: their stopwords-iso list (a long list, but asked only after a period)
        "nb" | "nn" => stop_words::lookup("no").unwrap_or(&[]),
        _ => stop_words::lookup(lang).unwrap_or(&[]),
    };
    list.contains(&lower.as_str())
}
