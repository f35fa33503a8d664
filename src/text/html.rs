//! Article extraction from HTML (through the `rs-trafilatura` crate).

use crate::error::{Error, Result};

/// The main article of an HTML page.
#[derive(Clone, Debug)]
pub struct Article {
    /// The page's headline, when found.
    pub title: Option<String>,
    /// The article text, paragraphs separated by blank lines.
    pub text: String,
}

/// Extracts the main article text and title from an HTML page.
pub fn extract_article(html: &str) -> Result<Article> {
    let result = rs_trafilatura::extract(html)
        .map_err(|e| Error::InvalidInput(format!("HTML extraction failed: {e}")))?;
    let title = result
        .metadata
        .title
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    // trafilatura separates blocks by single newlines; make them paragraphs.
    let mut text = String::with_capacity(result.content_text.len());
    for line in result
        .content_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(line);
    }
    Ok(Article { title, text })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_story_and_title() {
        let html = r#"<html><head><title>Japan und NATO - Beispiel</title></head><body>
<nav><a href="/">Start</a> | <a href="/politik">Politik</a> | <a href="/sport">Sport</a></nav>
<article><h1>Japan und die NATO vereinbaren Zusammenarbeit</h1>
<p>Am 9. April vereinbarten der japanische Premierminister Shigeru Ishiba und der Generalsekretär der NATO, Mark Rutte, eine Stärkung der Zusammenarbeit in der Verteidigungsindustrie.</p>
<p>Herr Rutte betonte die Notwendigkeit einer verstärkten Zusammenarbeit zwischen der NATO und Japan in einer entscheidenden Zeit für die Sicherheit.</p>
</article><footer>Impressum · Datenschutz · Kontakt</footer></body></html>"#;
        let a = extract_article(html).unwrap();
        assert!(a.text.contains("Shigeru Ishiba"), "{}", a.text);
        assert!(a.text.contains("Herr Rutte betonte"));
        assert!(!a.text.contains("Datenschutz"));
        assert!(a.title.is_some());
    }
}
