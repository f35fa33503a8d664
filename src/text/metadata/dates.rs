//! Dates of web pages to ISO 8601: machine dates (ISO 8601, RFC 3339 and 2822, through
//! chrono), dates written in text ("4. Dezember 2026", "04.12.2026", "Dec 4, 2026") and dates
//! in URL paths. It does not decide which of a page's dates is the publication date.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use regex::Regex;
use std::sync::LazyLock;

/// Month names and abbreviations (de, en, fr, es, it, pt, nl, ru, uk), lowercase, with their number.
const MONTHS: &[(&str, u32)] = &[
    ("januar", 1),
    ("jänner", 1),
    ("january", 1),
    ("janvier", 1),
    ("enero", 1),
    ("gennaio", 1),
    ("janeiro", 1),
    ("januari", 1),
    ("jan", 1),
    ("februar", 2),
    ("feber", 2),
    ("february", 2),
    ("février", 2),
    ("febrero", 2),
    ("febbraio", 2),
    ("fevereiro", 2),
    ("februari", 2),
    ("feb", 2),
    ("märz", 3),
    ("maerz", 3),
    ("march", 3),
    ("mars", 3),
    ("marzo", 3),
    ("março", 3),
    ("maart", 3),
    ("mär", 3),
    ("mrz", 3),
    ("mar", 3),
    ("april", 4),
    ("avril", 4),
    ("abril", 4),
    ("aprile", 4),
    ("apr", 4),
    ("mai", 5),
    ("may", 5),
    ("mayo", 5),
    ("maggio", 5),
    ("maio", 5),
    ("mei", 5),
    ("juni", 6),
    ("june", 6),
    ("juin", 6),
    ("junio", 6),
    ("giugno", 6),
    ("junho", 6),
    ("jun", 6),
    ("juli", 7),
    ("july", 7),
    ("juillet", 7),
    ("julio", 7),
    ("luglio", 7),
    ("julho", 7),
    ("jul", 7),
    ("august", 8),
    ("août", 8),
    ("agosto", 8),
    ("augustus", 8),
    ("aug", 8),
    ("september", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("setiembre", 9),
    ("settembre", 9),
    ("setembro", 9),
    ("sept", 9),
    ("sep", 9),
    ("oktober", 10),
    ("october", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("ottobre", 10),
    ("outubro", 10),
    ("okt", 10),
    ("oct", 10),
    ("november", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("novembro", 11),
    ("nov", 11),
    ("dezember", 12),
    ("december", 12),
    ("décembre", 12),
    ("diciembre", 12),
    ("dicembre", 12),
    ("dezembro", 12),
    ("dez", 12),
    ("dec", 12),
    // Russian and Ukrainian, in the genitive that dates use ("15 августа 2016")
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
    ("січня", 1),
    ("лютого", 2),
    ("березня", 3),
    ("квітня", 4),
    ("травня", 5),
    ("червня", 6),
    ("липня", 7),
    ("серпня", 8),
    ("вересня", 9),
    ("жовтня", 10),
    ("листопада", 11),
    ("грудня", 12),
];

/// The number of a month name or abbreviation ("Dezember", "Dec.", "mars").
pub(super) fn month_number(name: &str) -> Option<u32> {
    let name = name.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == name).map(|&(_, m)| m)
}

/// Text dates: day-month-year with a month name, month name-day-year, numeric d.m.y and
/// ISO y-m-d, each with an optional time after it.
static TEXT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    let month = r"\p{L}{3,10}\.?";
    let time = r"(?:,?\s*(?:um\s+|at\s+|à\s+|-\s+|\|\s*|/\s*)?(?P<h>\d{1,2})[:.h](?P<min>\d{2})(?::\d{2})?\s*(?P<ampm>[ap]\.?m\.?)?)?";
    let alternatives = [
        format!(
            r"\b(?P<d1>\d{{1,2}})(?:\.|st|nd|rd|th|er|º)?\s+(?:de\s+)?(?P<m1>{month}),?\s+(?:de\s+)?(?P<y1>\d{{4}})\b"
        ),
        format!(r"\b(?P<m2>{month})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})\b"),
        r"\b(?P<d3>\d{1,2})\.\s?(?P<m3>\d{1,2})\.\s?(?P<y3>\d{4}|\d{2})\b".to_string(),
        r"\b(?P<y4>\d{4})-(?P<m4>\d{2})-(?P<d4>\d{2})\b".to_string(),
    ];
    Regex::new(&format!("(?i)(?:{}){time}", alternatives.join("|"))).expect("valid date pattern")
});

/// Words before a date that is no publication date: when a forum's member joined.
static JOINED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:registriert|registered|joined|mitglied seit|member since|dabei seit|beigetreten|inscrit le|inscrito)\s*(?:am|on|since|seit|le|el)?\s*:?\s*$",
    )
    .expect("valid cue pattern")
});

/// Dates in URL paths: `/2019/10/21/`, `/2019-10-21`, `/20191021/`, `/21-10-2019`.
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[/_-](?:(?P<y>(?:19|20)\d{2})(?:[/_-](?P<m>\d{1,2})[/_-](?P<d>\d{1,2})|(?P<m2>\d{2})(?P<d2>\d{2}))|(?P<d3>\d{2})[-_.](?P<m3>\d{2})[-_.](?P<y3>(?:19|20)\d{2}))(?:[/_.-]|$)",
    )
    .expect("valid URL date pattern")
});

/// Years a web page's date can have: the web's first pages to next year.
fn plausible(date: NaiveDate) -> bool {
    let now_year = 1970
        + std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() / 31_556_952) as i32;
    (1991..=now_year + 1).contains(&date.year())
}

fn date_only(d: NaiveDate) -> Option<String> {
    plausible(d).then(|| d.format("%Y-%m-%d").to_string())
}

fn with_offset(d: DateTime<FixedOffset>) -> Option<String> {
    plausible(d.date_naive()).then(|| d.format("%Y-%m-%dT%H:%M:%S%:z").to_string())
}

fn naive(d: NaiveDateTime) -> Option<String> {
    plausible(d.date()).then(|| d.format("%Y-%m-%dT%H:%M:%S").to_string())
}

/// A machine-readable date (a `content` or `datetime` attribute, a JSON-LD value) as ISO
/// 8601; a written date when it is none of the machine forms.
pub fn parse_machine(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 80 {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return with_offset(d);
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S %z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return with_offset(d);
        }
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return with_offset(d);
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return naive(d);
        }
    }
    for f in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return date_only(d);
        }
    }
    // an ISO date followed by something chrono does not read (a zone name, "UTC", ...)
    if let Some(d) = s
        .get(..10)
        .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
    {
        return date_only(d);
    }
    find_text_date(s)
}

/// The first date written in `text` ("4. Dezember 2026", "04.12.2026", "Dec 4, 2026",
/// "2026-12-04"), with its time when one follows ("04.12.2026, 14:05 Uhr").
pub fn find_text_date(text: &str) -> Option<String> {
    text_dates(text).next()
}

/// Every date written in `text`, in order, as [`find_text_date`] reads them.
pub fn text_dates(text: &str) -> impl Iterator<Item = String> + '_ {
    TEXT_DATE
        .captures_iter(text)
        .filter(|c| {
            let at = c.get(0).map_or(0, |m| m.start());
            let mut from = at.saturating_sub(30);
            while !text.is_char_boundary(from) {
                from += 1;
            }
            !JOINED.is_match(&text[from..at])
        })
        .filter_map(text_date)
}

/// The date of one match of [`TEXT_DATE`], when it is a real and plausible one.
fn text_date(c: regex::Captures) -> Option<String> {
    {
        let num = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<u32>().ok());
        let (d, m, y) = if let Some(y) = num("y1") {
            (
                num("d1"),
                c.name("m1").and_then(|m| month_number(m.as_str())),
                y,
            )
        } else if let Some(y) = num("y2") {
            (
                num("d2"),
                c.name("m2").and_then(|m| month_number(m.as_str())),
                y,
            )
        } else if let Some(y) = num("y3") {
            let y = if y < 100 { 2000 + y } else { y };
            (num("d3"), num("m3"), y)
        } else {
            (num("d4"), num("m4"), num("y4").unwrap_or(0))
        };
        let (Some(d), Some(m)) = (d, m) else {
            return None;
        };
        let date = NaiveDate::from_ymd_opt(y as i32, m, d).filter(|&d| plausible(d))?;
        let time = match (num("h"), num("min")) {
            (Some(h), Some(min)) => {
                let pm = c
                    .name("ampm")
                    .is_some_and(|a| a.as_str().to_lowercase().starts_with('p'));
                let h = if pm && h < 12 { h + 12 } else { h };
                NaiveTime::from_hms_opt(h, min, 0)
            }
            _ => None,
        };
        match time {
            Some(t) => naive(date.and_time(t)),
            None => date_only(date),
        }
    }
}

/// The date in a URL's path (`/2019/10/21/slug`), when it has one.
pub fn url_date(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = &path[path.find('/')?..];
    let c = URL_DATE.captures(path)?;
    let num = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<u32>().ok());
    let (y, m, d) = match (num("y"), num("m")) {
        (Some(y), Some(m)) => (y, m, num("d")?),
        (Some(y), None) => (y, num("m2")?, num("d2")?),
        _ => (num("y3")?, num("m3")?, num("d3")?),
    };
    let y = y as i32;
    date_only(NaiveDate::from_ymd_opt(y, m, d)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_dates() {
        for (s, want) in [
            ("2023-10-31T14:05:00+01:00", "2023-10-31T14:05:00+01:00"),
            ("2023-10-31T14:05:00Z", "2023-10-31T14:05:00+00:00"),
            ("2023-10-31T14:05:00.000+0100", "2023-10-31T14:05:00+01:00"),
            ("2023-10-31 14:05:00", "2023-10-31T14:05:00"),
            ("2023-10-31", "2023-10-31"),
            ("2023/10/31", "2023-10-31"),
            (
                "Tue, 31 Oct 2023 14:05:00 +0100",
                "2023-10-31T14:05:00+01:00",
            ),
            ("2023-10-31T14:05:00 CET", "2023-10-31"),
        ] {
            assert_eq!(parse_machine(s).as_deref(), Some(want), "{s}");
        }
        for s in ["", "soon", "0000-00-00", "1970-01-01", "3023-01-01"] {
            assert_eq!(parse_machine(s), None, "{s}");
        }
    }

    #[test]
    fn written_dates() {
        for (s, want) in [
            ("Veröffentlicht am 4. Dezember 2026", "2026-12-04"),
            ("am 04.12.2026, 14:05 Uhr", "2026-12-04T14:05:00"),
            ("Dec 4, 2026", "2026-12-04"),
            ("December 4th, 2026 at 2:05 pm", "2026-12-04T14:05:00"),
            ("4 December 2026", "2026-12-04"),
            ("le 4 décembre 2026", "2026-12-04"),
            ("4 de diciembre de 2026", "2026-12-04"),
            ("1. März 2020", "2020-03-01"),
            ("Stand: 4.12.26", "2026-12-04"),
            ("15 августа 2016, 13:43", "2016-08-15T13:43:00"),
            ("Von Christian Thiele, 07 Dezember, 2022", "2022-12-07"),
            ("Last updated on 20 Feb, 2020.", "2020-02-20"),
            // a forum member's joining day is no date of the post
            (
                "Registriert: 18.09.2008, 05:56 Beitrag » 21.01.2009",
                "2009-01-21",
            ),
            (
                "Member since: Jan 3, 2004 — posted 4 May 2010",
                "2010-05-04",
            ),
        ] {
            assert_eq!(find_text_date(s).as_deref(), Some(want), "{s}");
        }
        assert_eq!(find_text_date("Seite 3 von 12. 2026 Leser"), None);
        assert_eq!(find_text_date("31. Februar 2020"), None);
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            url_date("https://x.org/2019/10/21/slug/").as_deref(),
            Some("2019-10-21")
        );
        assert_eq!(
            url_date("https://x.org/news/2023-11-08-title").as_deref(),
            Some("2023-11-08")
        );
        assert_eq!(
            url_date("https://x.org/meldungen/29-10-2021").as_deref(),
            Some("2021-10-29")
        );
        assert_eq!(url_date("https://x.org/2019/slug"), None);
        assert_eq!(url_date("https://2019-10-21.org/"), None);
    }
}
