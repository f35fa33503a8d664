//! The article of a web page as blocks of the page: the extractor's text aligned back onto the
//! page's blocks, prose it skipped at the article's edges taken back, and only what has
//! evidence of being page furniture dropped, with the reason. It parses no HTML (`page.rs` does).

use super::clean::{is_photo_credit, lower_starts_with_any, END_MARKERS, PAGE_FURNITURE};
use super::page::PageBlock;

/// One paragraph of the extracted article: where it came from, and why it was dropped.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    /// The paragraph's text (whitespace collapsed).
    pub text: String,
    /// Index of the page block it came from; `None` when the extractor's text was not found
    /// in the page's blocks.
    pub block: Option<usize>,
    /// Why the paragraph was dropped; `None` when kept.
    pub dropped: Option<&'static str>,
    /// Index of the extractor's line it is (part of).
    pub line: usize,
}

/// Characters that count in the alignment: not whitespace (the extractor and the page
/// space words differently) nor `|` (the extractor's table cell separator).
fn keyed(c: char) -> bool {
    !c.is_whitespace() && c != '|'
}

/// The page's blocks as one string of their non-whitespace characters, with the offset of
/// each block's start (and the end, last).
struct Key {
    key: String,
    starts: Vec<usize>,
}

impl Key {
    fn new(page: &[PageBlock]) -> Key {
        let mut key = String::new();
        let mut starts = Vec::with_capacity(page.len() + 1);
        for b in page {
            starts.push(key.len());
            key.extend(b.text.chars().filter(|&c| keyed(c)));
        }
        starts.push(key.len());
        Key { key, starts }
    }

    /// The block holding key offset `at`.
    fn block_at(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at).saturating_sub(1)
    }

    /// Where `needle` occurs in the page: from `cursor` on, preferring an occurrence that
    /// starts a block, else anywhere.
    fn find(&self, needle: &str, cursor: usize) -> Option<usize> {
        let at_block_start = |s: &usize| self.starts.binary_search(s).is_ok();
        for from in [cursor, 0] {
            let mut first = None;
            for (i, (s, _)) in self.key[from..].match_indices(needle).take(32).enumerate() {
                let s = s + from;
                if i == 0 {
                    first = Some(s);
                }
                if at_block_start(&s) {
                    return Some(s);
                }
            }
            if first.is_some() {
                return first;
            }
            if from == 0 {
                break;
            }
        }
        None
    }
}

/// The part of `text` between key offsets `from` and `to` (bytes of [`keyed`] characters).
fn cut(text: &str, from: usize, to: usize) -> String {
    let mut seen = 0;
    let (mut start, mut end) = (None, text.len());
    for (i, c) in text.char_indices() {
        if !keyed(c) {
            continue;
        }
        if seen == from && start.is_none() {
            start = Some(i);
        }
        if seen == to {
            end = i;
            break;
        }
        seen += c.len_utf8();
    }
    text[start.unwrap_or(text.len())..end].trim().to_string()
}

/// Bytes of the extractor's text looked up at a time when a line is not found whole.
const ANCHOR: usize = 24;
/// Shorter remains of a line are not looked up (they would be found anywhere).
const MIN_ANCHOR: usize = 12;
/// Lookups per line before the rest of a line that is not found whole is given up on.
const MAX_LOOKUPS: usize = 64;

/// The extractor's `lines` as paragraphs of the page: each line found among the page's
/// blocks (whitespace ignored) is cut at the blocks' bounds, one piece per block. A line
/// not found whole is followed through the page piece by piece (the extractor joins and
/// reorders); what is not found at all stays a piece of its own, with no block.
pub fn align(lines: &[&str], page: &[PageBlock]) -> Vec<Piece> {
    let key = Key::new(page);
    let mut cursor = 0;
    let mut out = Vec::new();
    let mut offsets = Offsets::default();
    for (li, line) in lines.iter().enumerate() {
        let needle: String = line.chars().filter(|&c| keyed(c)).collect();
        if needle.is_empty() {
            continue;
        }
        if let Some(s) = key.find(&needle, cursor) {
            cursor = s + needle.len();
            emit(&key, page, s, cursor, li, &mut out, &mut offsets);
            continue;
        }
        // piece by piece: anchors of the line, each extended as far as the page agrees
        let (nb, kb) = (needle.as_bytes(), key.key.as_bytes());
        let (mut p, mut unmatched, mut lookups) = (0, 0, 0);
        while p < nb.len() && lookups < MAX_LOOKUPS {
            lookups += 1;
            let a = ceil_char(&needle, (p + ANCHOR).min(nb.len()));
            if a - p < MIN_ANCHOR {
                break; // too short to place reliably
            }
            let Some(s) = key.find(&needle[p..a], cursor) else {
                p = ceil_char(&needle, p + ANCHOR / 2);
                continue;
            };
            let mut len = a - p;
            while p + len < nb.len() && s + len < kb.len() && nb[p + len] == kb[s + len] {
                len += 1;
            }
            let len = floor_char(&needle, p + len) - p;
            // back over what the last lookups skipped
            let mut back = 0;
            while p - back > unmatched && s - back > 0 && nb[p - back - 1] == kb[s - back - 1] {
                back += 1;
            }
            let back = p - ceil_char(&needle, p - back);
            if p - back > unmatched {
                push_unaligned(line, unmatched, p - back, li, &mut out);
            }
            emit(&key, page, s - back, s + len, li, &mut out, &mut offsets);
            cursor = s + len;
            p += len;
            unmatched = p;
        }
        if unmatched < nb.len() {
            push_unaligned(line, unmatched, nb.len(), li, &mut out);
        }
    }
    out
}

/// The next char boundary of `s` at or after `i`.
fn ceil_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i.min(s.len())
}

/// The char boundary of `s` at or before `i`.
fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Byte offsets in a block's text of each byte of its key, for cutting a block many times
/// (a page of one huge block and many short extracted lines would cut it again and again).
#[derive(Default)]
struct Offsets {
    block: Option<usize>,
    offsets: Vec<usize>,
}

impl Offsets {
    /// The text of `block` between key offsets `from` and `to`.
    fn cut(&mut self, b: usize, text: &str, from: usize, to: usize) -> String {
        if self.block != Some(b) {
            self.block = Some(b);
            self.offsets.clear();
            for (i, c) in text.char_indices().filter(|&(_, c)| keyed(c)) {
                self.offsets.extend(std::iter::repeat_n(i, c.len_utf8()));
            }
        }
        let at = |k: usize| self.offsets.get(k).copied().unwrap_or(text.len());
        text[at(from)..at(to)].trim().to_string()
    }
}

/// The pieces of the page's key range `s..e`, one per block it touches.
fn emit(
    key: &Key,
    page: &[PageBlock],
    s: usize,
    e: usize,
    line: usize,
    out: &mut Vec<Piece>,
    offsets: &mut Offsets,
) {
    if e <= s {
        return;
    }
    let first = key.block_at(s);
    let last = key.block_at(e - 1);
    for (b, block) in page.iter().enumerate().take(last + 1).skip(first) {
        let (bs, be) = (key.starts[b], key.starts[b + 1]);
        let (from, to) = (s.max(bs) - bs, e.min(be) - bs);
        let text = if from == 0 && to == be - bs {
            block.text.clone()
        } else {
            offsets.cut(b, &block.text, from, to)
        };
        if !text.is_empty() {
            out.push(Piece {
                text,
                block: Some(b),
                dropped: None,
                line,
            });
        }
    }
}

/// The part `from..to` (key offsets) of an extracted line not found in the page.
fn push_unaligned(text: &str, from: usize, to: usize, line: usize, out: &mut Vec<Piece>) {
    let text = cut(text, from, to);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if !text.is_empty() {
        out.push(Piece {
            text,
            block: None,
            dropped: None,
            line,
        });
    }
}

/// Headings (lowercase prefixes) after which a page lists other articles, comments or
/// sources, in the languages of the web: a short block starting like this ends the article
/// until the next paragraph of prose.
const TAIL_MARKERS: &[&str] = &[
    // de
    "das könnte sie auch interessieren",
    "könnte sie auch interessieren",
    "das könnte dich auch interessieren",
    "das thema könnte dich auch interessieren",
    "sie könnten auch",
    "auch interessant",
    "ebenfalls interessant",
    "weitere artikel",
    "weitere themen",
    "weitere beiträge",
    "weitere meldungen",
    "weitere nachrichten",
    "weitere pressemitteilungen",
    "ähnliche beiträge",
    "ähnliche artikel",
    "verwandte beiträge",
    "verwandte artikel",
    "mehr zum thema",
    "mehr interessantes",
    "mehr aus",
    "meistgelesen",
    "meistgelesene",
    "meistdiskutierte",
    "meist gelesen",
    "empfehlungen",
    "weiterführende links",
    "weiterführender link",
    "zum weiterlesen",
    "weiterlesen",
    "lesen sie auch",
    "lesen sie mehr",
    "schon gelesen",
    "kommentare",
    "kommentieren",
    "kommentar schreiben",
    "schreibe einen kommentar",
    "hinterlasse einen kommentar",
    "quelle:",
    "quellen",
    "schlagworte",
    "schlagwörter",
    "tags",
    "themen:",
    "über den autor",
    "zur person",
    "vorschau auf den nächsten artikel",
    "nächster artikel",
    "vorheriger artikel",
    "gleiches thema",
    "gleiche kategorie",
    "siehe auch",
    "mehr zu diesem thema",
    "weitere informationen",
    "weitere infos",
    "ansprechpartner",
    // en
    "related",
    "read more",
    "read next",
    "more from",
    "more on this",
    "more stories",
    "see also",
    "you might also like",
    "you may also like",
    "recommended",
    "most read",
    "most popular",
    "top stories",
    "explore further",
    "leave a comment",
    "leave a reply",
    "comments",
    "about the author",
    "share this",
    "trending",
    "further reading",
    "more posts from",
    // es, pt
    "le puede interesar",
    "te puede interesar",
    "también te puede interesar",
    "temas relacionados",
    "noticias relacionadas",
    "lee también",
    "etiquetas",
    "más noticias",
    "lo más leído",
    "te recomendamos",
    "veja também",
    "leia também",
    "leia mais",
    "notícias relacionadas",
    "mais lidas",
    // fr, it
    "lire aussi",
    "aller plus loin",
    "pour aller plus loin",
    "en savoir plus",
    "à lire aussi",
    "voir aussi",
    "sur le même sujet",
    "articles similaires",
    "les plus lus",
    "leggi anche",
    "articoli correlati",
    "potrebbe interessarti",
    "i più letti",
    // pl, nl
    "zobacz także",
    "zobacz też",
    "czytaj także",
    "czytaj też",
    "czytaj więcej",
    "przeczytaj także",
    "polecamy",
    "źródło:",
    "lees ook",
    "gerelateerde artikelen",
    "meer nieuws",
];

/// Calls to action (lowercase) that mark a paragraph near the end of a page as an appeal
/// to subscribe, donate, follow or download rather than the article.
const CALLS_TO_ACTION: &[&str] = &[
    "subscri",
    "abonn",
    "newsletter",
    "spende",
    "donat",
    "support us",
    "support our",
    "unterstütz",
    "telegram",
    "whatsapp",
    "follow us",
    "folgen sie",
    "síguenos",
    "siguenos",
    "suscr",
    "zapraszamy",
    "download the",
    "app store",
    "google play",
    "kundenkonto",
    "jetzt kostenlos",
    "jetzt registrieren",
    "jetzt anmelden",
    "sign up",
    "inscri",
];

/// Kept paragraphs at the end of the article checked for [`CALLS_TO_ACTION`].
const CTA_TAIL: usize = 3;
/// Longer paragraphs than this are never taken for a call to action.
const CTA_MAX_WORDS: usize = 40;

/// Whether a paragraph is a web or mail address (shown as the link it is, not a teaser).
fn is_address(text: &str) -> bool {
    text.split_whitespace().count() <= 2
        && (text.contains("://") || text.contains('@') || text.starts_with("www."))
}

/// Whether a piece is prose enough to end a run of furniture after a tail marker.
fn is_prose(words: usize, block: Option<&PageBlock>) -> bool {
    words >= 15 && block.is_none_or(|b| b.link_density() < 0.3)
}

/// Drops the pieces with evidence of being page furniture, noting the reason: a heading
/// that ends the article ([`TAIL_MARKERS`]) and what follows it up to the next prose, a
/// repeated paragraph, a short block of page furniture ([`PAGE_FURNITURE`], [`END_MARKERS`]),
/// a photo caption or credit, a block that is mostly links.
pub fn judge(pieces: &mut [Piece], page: &[PageBlock]) {
    let mut seen = std::collections::HashSet::new();
    let mut tail = false;
    for p in pieces.iter_mut() {
        let words = p.text.split_whitespace().count();
        let lower = p.text.to_lowercase();
        let marker_text = lower.trim_matches(|c: char| !c.is_alphanumeric() && c != '(');
        let block = p.block.map(|b| &page[b]);
        let is_marker = words <= 6
            && (lower_starts_with_any(marker_text, TAIL_MARKERS)
                || lower_starts_with_any(marker_text, END_MARKERS));
        p.dropped = if is_marker {
            tail = true;
            Some("end_marker")
        } else if tail && !is_prose(words, block) {
            Some("after_end_marker")
        } else if words >= 3 && !seen.insert(p.text.clone()) {
            tail = false;
            Some("duplicate")
        } else {
            tail = false;
            if words <= 8 && lower_starts_with_any(&lower, PAGE_FURNITURE)
                || lower.starts_with('©')
                || lower.starts_with("copyright")
            {
                Some("boilerplate")
            } else if block.is_some_and(|b| b.tag == "figcaption") || is_photo_credit(&p.text) {
                Some("caption")
            } else if block.is_some_and(|b| b.link_density() >= 0.5 && words < 25)
                && !is_address(&p.text)
            {
                Some("link_dense")
            } else {
                None
            }
        };
    }
    // appeals at the end of the article
    let mut tail_kept = 0;
    for p in pieces.iter_mut().rev() {
        if p.dropped.is_some() {
            continue;
        }
        tail_kept += 1;
        if tail_kept > CTA_TAIL {
            break;
        }
        let lower = p.text.to_lowercase();
        if p.text.split_whitespace().count() <= CTA_MAX_WORDS
            && CALLS_TO_ACTION.iter().any(|c| lower.contains(c))
        {
            p.dropped = Some("call_to_action");
        }
    }
}

/// The reason given to what the extractor took from outside the page's visible text
/// ([`drop_last_resort`]).
pub const NOT_ON_PAGE: &str = "not_on_page";
/// Least characters (whitespace not counted) of a page's `<title>`, or of the repeated
/// opening of the text, that can mark the extractor's last resort.
const MIN_REPEAT_KEY: usize = 8;
/// Longest opening (bytes, whitespace not counted) looked at for a repeat: the last resort
/// is taken only when the page's body has about 100 characters of text.
const MAX_REPEAT_KEY: usize = 256;

/// Drops as [`NOT_ON_PAGE`] what the extractor took from outside the page's visible text.
/// Finding nothing better, its last resort is the text of every element of the page in
/// turn, run together: the whole page, its `<head>`, its `<title>`, its body, each element in
/// it again. So the `<title>` (`title()`, which no reader sees on the page) is in `content`
/// three times or more, and a page without one has its text twice over at the start. Such
/// text is no article: its pieces not found among the page's blocks are dropped, and so are
/// the repeats of a block (what is found there once is judged as any other piece).
pub fn drop_last_resort(pieces: &mut [Piece], content: &str, title: impl FnOnce() -> String) {
    if pieces.iter().all(|p| p.block.is_some()) {
        return;
    }
    let content: String = content.chars().filter(|&c| keyed(c)).collect();
    let title: String = title().chars().filter(|&c| keyed(c)).collect();
    let titled = title.chars().count() >= MIN_REPEAT_KEY
        && content.match_indices(title.as_str()).count() >= 3;
    if titled || opens_twice(&content) {
        let mut seen = std::collections::HashSet::new();
        for p in pieces.iter_mut() {
            match p.block {
                None => p.dropped = Some(NOT_ON_PAGE),
                // each element's text comes again with each element around it
                Some(b) if !seen.insert(b) && p.dropped.is_none() => p.dropped = Some("duplicate"),
                Some(_) => {}
            }
        }
    }
}

/// Whether `key` starts with one text of [`MIN_REPEAT_KEY`] to [`MAX_REPEAT_KEY`] bytes
/// twice over (`xx...`).
fn opens_twice(key: &str) -> bool {
    let b = key.as_bytes();
    (MIN_REPEAT_KEY..=MAX_REPEAT_KEY.min(b.len() / 2)).any(|l| b[..l] == b[l..2 * l])
}

/// Blocks before the extractor's first kept paragraph looked at for a lead it skipped.
const LEAD_BLOCKS: usize = 4;
/// Blocks after its last kept paragraph looked at for a closing paragraph it skipped.
const TAIL_BLOCKS: usize = 2;
/// Words a skipped block needs to be taken back: prose, not a date, byline or menu.
const RECOVER_MIN_WORDS: usize = 20;
/// Most link text a skipped block may have to be taken back.
const RECOVER_MAX_LINKS: f32 = 0.2;
/// Words of a paragraph after a heading that make the heading part of the article.
const HEADING_PROSE_WORDS: usize = 15;

/// Whether a block the extractor left out is prose enough to be taken back.
fn recoverable(b: &PageBlock) -> bool {
    b.text.split_whitespace().count() >= RECOVER_MIN_WORDS && b.link_density() <= RECOVER_MAX_LINKS
}

/// Takes back what the extractor skipped at the edges of the article: up to
/// [`LEAD_BLOCKS`] blocks before its first kept paragraph (the lead or teaser in the
/// article's header, which extractors often leave out; a page's `<h1>` stops the search)
/// and up to [`TAIL_BLOCKS`] after its last one, each only when it is prose
/// ([`recoverable`]) and in no piece already. Then drops headings that no prose follows
/// (`trailing_heading`: the title of a list of other articles at the end of the page).
/// Runs after [`judge`], on its kept pieces.
pub fn recover(pieces: &mut Vec<Piece>, page: &[PageBlock]) {
    let used: std::collections::HashSet<usize> = pieces.iter().filter_map(|p| p.block).collect();
    let kept = |p: &Piece| p.dropped.is_none() && p.block.is_some();
    let (Some(first), Some(last)) = (
        pieces
            .iter()
            .filter(|p| kept(p))
            .filter_map(|p| p.block)
            .min(),
        pieces
            .iter()
            .filter(|p| kept(p))
            .filter_map(|p| p.block)
            .max(),
    ) else {
        return;
    };
    let take = |b: usize, line: usize| Piece {
        text: page[b].text.clone(),
        block: Some(b),
        dropped: None,
        line,
    };
    // after the last kept piece of the last block (inserted first: the lead shifts indices)
    let tail: Vec<usize> = (last + 1..(last + 1 + TAIL_BLOCKS).min(page.len()))
        .filter(|b| !used.contains(b) && recoverable(&page[*b]))
        .collect();
    if let Some(at) = pieces
        .iter()
        .rposition(|p| kept(p) && p.block == Some(last))
    {
        let line = pieces[at].line;
        let new: Vec<Piece> = tail.into_iter().map(|b| take(b, line)).collect();
        pieces.splice(at + 1..at + 1, new);
    }
    let mut lead = Vec::new();
    for b in (first.saturating_sub(LEAD_BLOCKS)..first).rev() {
        if page[b].tag == "h1" {
            break;
        }
        if !used.contains(&b) && recoverable(&page[b]) {
            lead.push(b);
        }
    }
    lead.reverse();
    if let Some(at) = pieces
        .iter()
        .position(|p| kept(p) && p.block == Some(first))
    {
        let line = pieces[at].line;
        let new: Vec<Piece> = lead.into_iter().map(|b| take(b, line)).collect();
        pieces.splice(at..at, new);
    }
    // headings with no prose after them
    let mut prose_after = false;
    for p in pieces.iter_mut().rev() {
        if p.dropped.is_some() {
            continue;
        }
        let block = p.block.map(|b| &page[b]);
        if block.is_some_and(PageBlock::is_heading) {
            if !prose_after {
                p.dropped = Some("trailing_heading");
            }
        } else if p.text.split_whitespace().count() >= HEADING_PROSE_WORDS {
            prose_after = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::page::page_blocks;

    const PAGE: &str = "<html><body><nav><a href=/>Home</a> <a href=/p>Politik</a></nav>\
        <article><h1>Ein Titel</h1><p>Der erste Absatz mit <b>fettem</b> Text und einem \
        <a href=/x>Link</a> darin, lang genug für Prosa.</p><p>Der zweite Absatz, ebenfalls \
        lang genug, um als Prosa zu gelten, mit vielen Wörtern.</p>\
        <p>Der Hafen am Abend. (Foto: dpa)</p>\
        <h3>Das könnte Sie auch interessieren</h3><ul><li><a href=/a>Anderer Artikel</a></li></ul>\
        </article></body></html>";

    #[test]
    fn text_with_the_title_three_times_loses_its_pieces_not_on_the_page() {
        let piece = |text: &str, block| Piece {
            text: text.into(),
            block,
            dropped: None,
            line: 0,
        };
        let pieces = vec![
            piece("Ein Titel | Blatt Ein Titel", None),
            piece("Politik", Some(0)),
        ];
        let title = "Ein Titel | Blatt";
        // twice: a headline repeated in an article is no last resort
        let mut two = pieces.clone();
        drop_last_resort(
            &mut two,
            "Ein Titel | Blatt\nText. Ein Titel | Blatt",
            || title.into(),
        );
        assert_eq!(two, pieces);
        let mut three = pieces.clone();
        let content = "Ein Titel | BlattPolitik\nEin Titel | Blatt\nEin Titel | Blatt Politik";
        drop_last_resort(&mut three, content, || title.into());
        assert_eq!(three[0].dropped, Some(NOT_ON_PAGE));
        assert_eq!(three[1].dropped, None);
        let mut again = pieces.clone();
        again.push(piece("Politik", Some(0)));
        drop_last_resort(&mut again, content, || title.into());
        assert_eq!(again[1].dropped, None);
        assert_eq!(again[2].dropped, Some("duplicate"));
        // a title too short to tell
        let mut short = pieces.clone();
        drop_last_resort(&mut short, "Home Home Home", || "Home".into());
        assert_eq!(short, pieces);
        // no title: the page's text twice over at the start
        let mut twice = pieces.clone();
        drop_last_resort(
            &mut twice,
            "PolitikSport\nPolitik Sport Politik",
            String::new,
        );
        assert_eq!(twice[0].dropped, Some(NOT_ON_PAGE));
        assert!(opens_twice("PolitikSportPolitikSportPolitik"));
        assert!(!opens_twice("Politik Sport Wetter Politik Sport"));
        assert!(!opens_twice("HomeHome Text"));
    }

    #[test]
    fn aligns_lines_onto_blocks_and_splits_joined_ones() {
        let (blocks, depth) = page_blocks(PAGE);
        assert!(depth >= 4);
        assert_eq!(blocks[0].text, "Home Politik");
        assert_eq!(blocks[0].furniture, Some("nav"));
        assert!(blocks[0].link_density() > 0.99);
        let first = &blocks[2];
        assert_eq!(first.path, "html/body/article/p");
        assert!(first.link_density() > 0.0 && first.link_density() < 0.2);
        // the extractor joined two paragraphs and spaced them differently
        let joined = format!("{}{}", blocks[2].text, blocks[3].text.replace(' ', "  "));
        let pieces = align(&["Ein Titel", &joined, "nicht auf der Seite"], &blocks);
        let got: Vec<_> = pieces.iter().map(|p| (p.block, p.line)).collect();
        assert_eq!(
            got,
            vec![(Some(1), 0), (Some(2), 1), (Some(3), 1), (None, 2)]
        );
        assert_eq!(pieces[2].text, blocks[3].text);
    }

    #[test]
    fn drops_only_on_evidence() {
        let (blocks, _) = page_blocks(PAGE);
        let lines: Vec<&str> = blocks[1..].iter().map(|b| b.text.as_str()).collect();
        let mut pieces = align(&lines, &blocks);
        judge(&mut pieces, &blocks);
        let verdicts: Vec<_> = pieces.iter().map(|p| p.dropped).collect();
        assert_eq!(
            verdicts,
            vec![
                None,
                None,
                None,
                Some("caption"),
                Some("end_marker"),
                Some("after_end_marker"),
            ]
        );
    }

    #[test]
    fn takes_back_a_skipped_lead_and_drops_a_trailing_heading() {
        let page = "<html><body><h1>Der Titel</h1><header><p>Der Vorspann fasst den Artikel \
            in einem langen Satz zusammen, den der Extraktor hier ausgelassen hat, obwohl er \
            zum Text gehört.</p></header><article><p>Der erste Absatz des Artikels, lang genug, \
            um als Prosa zu gelten, mit vielen Wörtern darin.</p><h2>Termine im Dezember</h2>\
            </article></body></html>";
        let (blocks, _) = page_blocks(page);
        let mut pieces = align(&[&blocks[2].text, &blocks[3].text], &blocks);
        judge(&mut pieces, &blocks);
        recover(&mut pieces, &blocks);
        let got: Vec<_> = pieces.iter().map(|p| (p.block, p.dropped)).collect();
        assert_eq!(
            got,
            vec![
                (Some(1), None),
                (Some(2), None),
                (Some(3), Some("trailing_heading"))
            ]
        );
    }
}
