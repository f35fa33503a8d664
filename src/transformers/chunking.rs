//! Splitting long documents into overlapping windows that fit a transformer's input length.
//! Pure logic (no libtorch), so it is compiled and tested without the `transformers` feature.

use crate::types::Span;

/// One window of a document: the bytes fed to the model and the part it is responsible for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chunk {
    /// Byte span of the window in the document text.
    pub span: Span,
    /// Byte span whose results this window owns; owned spans partition the covered text, so
    /// results found twice in an overlap are kept once (from the window with more context).
    pub own: Span,
}

/// Splits `text` into windows of at most `max_tokens` tokens (as counted by `count`), made of
/// whole sentences where possible, each window repeating up to `overlap` tokens of the
/// previous one. Sentences longer than `max_tokens` are split at whitespace (or, for a single
/// overlong word, at character boundaries).
///
/// `sentences` are byte spans in `text` in order; when empty the whole text is one sentence.
pub fn chunk(
    text: &str,
    sentences: &[Span],
    max_tokens: usize,
    overlap: usize,
    count: &mut dyn FnMut(&str) -> usize,
) -> Vec<Chunk> {
    let max_tokens = max_tokens.max(1);
    let overlap = overlap.min(max_tokens / 2);
    let whole = [Span {
        start: 0,
        end: text.len(),
    }];
    let sentences = if sentences.is_empty() {
        &whole[..]
    } else {
        sentences
    };
    // units: sentences, overlong ones split, with their token counts
    let mut units: Vec<(Span, usize)> = Vec::new();
    for s in sentences {
        if s.start >= s.end {
            continue;
        }
        let n = count(&text[s.start..s.end]);
        if n <= max_tokens {
            units.push((*s, n));
        } else {
            split_long(text, *s, max_tokens, count, &mut units);
        }
    }
    if units.is_empty() {
        return Vec::new();
    }
    // greedy packing: windows as unit ranges
    let mut windows: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    while start < units.len() {
        let mut end = start;
        let mut total = 0;
        while end < units.len() && (end == start || total + units[end].1 <= max_tokens) {
            total += units[end].1;
            end += 1;
        }
        windows.push((start, end));
        if end == units.len() {
            break;
        }
        // step back over trailing units worth at most `overlap` tokens
        let mut next = end;
        let mut back = 0;
        while next > start + 1 && back + units[next - 1].1 <= overlap {
            back += units[next - 1].1;
            next -= 1;
        }
        start = next;
    }
    // owned regions: each overlap is split in its middle (in units)
    let mut chunks = Vec::with_capacity(windows.len());
    for (i, &(a, b)) in windows.iter().enumerate() {
        let own_start = if i == 0 {
            units[a].0.start
        } else {
            let prev_end = windows[i - 1].1;
            let mid = a + (prev_end.saturating_sub(a)) / 2;
            units[mid.min(b - 1)].0.start
        };
        let own_end = match windows.get(i + 1) {
            None => units[b - 1].0.end,
            Some(&(na, _)) => {
                let mid = na + (b.saturating_sub(na)) / 2;
                units[mid].0.start
            }
        };
        chunks.push(Chunk {
            span: Span {
                start: units[a].0.start,
                end: units[b - 1].0.end,
            },
            own: Span {
                start: own_start,
                end: own_end.max(own_start),
            },
        });
    }
    chunks
}

/// Splits one overlong sentence into pieces of at most `max_tokens` tokens.
fn split_long(
    text: &str,
    s: Span,
    max_tokens: usize,
    count: &mut dyn FnMut(&str) -> usize,
    out: &mut Vec<(Span, usize)>,
) {
    // words: maximal non-whitespace runs
    let mut words: Vec<Span> = Vec::new();
    let mut cur: Option<usize> = None;
    for (i, c) in text[s.start..s.end].char_indices() {
        let i = s.start + i;
        match (c.is_whitespace(), cur) {
            (false, None) => cur = Some(i),
            (true, Some(b)) => {
                words.push(Span { start: b, end: i });
                cur = None;
            }
            _ => {}
        }
    }
    if let Some(b) = cur {
        words.push(Span {
            start: b,
            end: s.end,
        });
    }
    let mut piece: Option<(usize, usize, usize)> = None; // start, end, tokens
    for w in words {
        let n = count(&text[w.start..w.end]);
        if n > max_tokens {
            if let Some((a, b, t)) = piece.take() {
                out.push((Span { start: a, end: b }, t));
            }
            split_word(text, w, max_tokens, count, out);
            continue;
        }
        piece = match piece {
            Some((a, _, t)) if t + n <= max_tokens => Some((a, w.end, t + n)),
            Some((a, b, t)) => {
                out.push((Span { start: a, end: b }, t));
                Some((w.start, w.end, n))
            }
            None => Some((w.start, w.end, n)),
        };
    }
    if let Some((a, b, t)) = piece {
        out.push((Span { start: a, end: b }, t));
    }
}

/// Splits one overlong word at character boundaries.
fn split_word(
    text: &str,
    w: Span,
    max_tokens: usize,
    count: &mut dyn FnMut(&str) -> usize,
    out: &mut Vec<(Span, usize)>,
) {
    let mut a = w.start;
    while a < w.end {
        // grow the piece a character at a time; tokens never outnumber characters
        let mut b = a;
        let mut t = 0;
        for (i, c) in text[a..w.end].char_indices() {
            let cand = a + i + c.len_utf8();
            let n = count(&text[a..cand]);
            if n > max_tokens && b > a {
                break;
            }
            b = cand;
            t = n;
            if i + 1 >= max_tokens * 4 {
                break;
            }
        }
        out.push((Span { start: a, end: b }, t));
        a = b;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> usize {
        s.split_whitespace().count()
    }

    fn sentence_spans(text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if c == '.' {
                out.push(Span { start, end: i + 1 });
                start = i + 2;
            }
        }
        out
    }

    #[test]
    fn windows_fit_overlap_and_owned_regions_partition() {
        let text = (0..40)
            .map(|i| format!("Sentence number {i} has some words."))
            .collect::<Vec<_>>()
            .join(" ");
        let sents = sentence_spans(&text);
        let chunks = chunk(&text, &sents, 20, 6, &mut words);
        assert!(chunks.len() > 5);
        for c in &chunks {
            assert!(words(&text[c.span.start..c.span.end]) <= 20);
            assert!(c.span.start <= c.own.start && c.own.end <= c.span.end);
        }
        for w in chunks.windows(2) {
            assert!(w[1].span.start < w[0].span.end, "windows overlap");
            assert_eq!(w[0].own.end, w[1].own.start, "owned regions are contiguous");
        }
        assert_eq!(chunks[0].own.start, 0);
        assert_eq!(chunks.last().unwrap().own.end, text.len());
    }

    #[test]
    fn overlong_sentences_and_words_are_split() {
        let long = "word ".repeat(50) + &"x".repeat(30);
        let chunks = chunk(&long, &[], 8, 2, &mut |s: &str| {
            s.split_whitespace().map(|w| w.len().div_ceil(4)).sum()
        });
        for c in &chunks {
            let piece = &long[c.span.start..c.span.end];
            let n: usize = piece.split_whitespace().map(|w| w.len().div_ceil(4)).sum();
            assert!(n <= 8, "{piece:?} has {n} tokens");
        }
        assert_eq!(chunks.last().unwrap().span.end, long.len());
    }

    #[test]
    fn short_text_is_one_window() {
        let text = "One. Two.";
        let chunks = chunk(text, &sentence_spans(text), 100, 10, &mut words);
        assert_eq!(chunks.len(), 1);
        assert_eq!(chunks[0].span, Span { start: 0, end: 9 });
        assert_eq!(chunks[0].own, chunks[0].span);
    }
}
