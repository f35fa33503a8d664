//! The built-in news taxonomy and the maps between it and the labels of public datasets.
//! Tables and lookups only: reads no data and scores nothing.
//!
//! Two directions are needed:
//! - **training**: a dataset label becomes one taxonomy label ([`DatasetMap::to_taxonomy`]);
//! - **evaluation**: the model's top taxonomy label becomes a dataset label
//!   ([`DatasetMap::from_taxonomy`]); a taxonomy label without an equivalent counts as wrong.
//!   Where two dataset labels have the same taxonomy label, they are merged into one evaluation
//!   class ([`DatasetMap::eval_class`]), e.g. 10kGNAD `Web` + `Wissenschaft`.
//!
//! See `models/topics.md` for the documented tables.

/// The labels of the built-in taxonomy, in model order.
pub const LABELS: [&str; 10] = [
    "politics",
    "international",
    "business",
    "science_technology",
    "sports",
    "entertainment_culture",
    "health",
    "society",
    "travel",
    "environment",
];

/// A dataset whose labels are mapped to the taxonomy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatasetMap {
    /// BBC News (5 classes).
    Bbc,
    /// SIB-200 (7 classes).
    Sib200,
    /// 10kGNAD (9 German classes).
    Gnad,
    /// AG News (4 classes, by name).
    AgNews,
}

impl DatasetMap {
    /// Training direction: dataset label → taxonomy label.
    pub fn to_taxonomy(self, label: &str) -> Option<&'static str> {
        Some(match (self, label) {
            (DatasetMap::Bbc, "business") => "business",
            (DatasetMap::Bbc, "entertainment") => "entertainment_culture",
            (DatasetMap::Bbc, "politics") => "politics",
            (DatasetMap::Bbc, "sport") => "sports",
            (DatasetMap::Bbc, "tech") => "science_technology",
            (DatasetMap::Sib200, "science/technology") => "science_technology",
            (DatasetMap::Sib200, "travel") => "travel",
            (DatasetMap::Sib200, "politics") => "politics",
            (DatasetMap::Sib200, "sports") => "sports",
            (DatasetMap::Sib200, "health") => "health",
            (DatasetMap::Sib200, "entertainment") => "entertainment_culture",
            (DatasetMap::Sib200, "geography") => "environment",
            (DatasetMap::Gnad, "Web") => "science_technology",
            (DatasetMap::Gnad, "Wissenschaft") => "science_technology",
            (DatasetMap::Gnad, "Panorama") => "society",
            (DatasetMap::Gnad, "International") => "international",
            (DatasetMap::Gnad, "Wirtschaft") => "business",
            (DatasetMap::Gnad, "Sport") => "sports",
            (DatasetMap::Gnad, "Inland") => "politics",
            (DatasetMap::Gnad, "Etat") => "entertainment_culture",
            (DatasetMap::Gnad, "Kultur") => "entertainment_culture",
            (DatasetMap::AgNews, "World") => "international",
            (DatasetMap::AgNews, "Sports") => "sports",
            (DatasetMap::AgNews, "Business") => "business",
            (DatasetMap::AgNews, "Sci/Tech") => "science_technology",
            _ => return None,
        })
    }

    /// Taxonomy labels that a dataset label does not rule out besides its own: those the
    /// evaluation map accepts for it too (e.g. SIB-200 `politics` does not tell domestic from
    /// international politics, so `international` is no negative for it). Training leaves these
    /// labels out of the example's loss instead of treating them as wrong.
    pub fn unknown_labels(self, label: &str) -> Vec<&'static str> {
        let Some(own) = self.to_taxonomy(label) else {
            return Vec::new();
        };
        let class = self.eval_class(label);
        LABELS
            .iter()
            .copied()
            .filter(|&t| t != own && self.from_taxonomy(t) == Some(class.as_str()))
            .collect()
    }

    /// Evaluation class of a gold dataset label (merges labels that share a taxonomy label).
    pub fn eval_class(self, label: &str) -> String {
        match (self, label) {
            (DatasetMap::Gnad, "Web" | "Wissenschaft") => "Web+Wissenschaft".into(),
            (DatasetMap::Gnad, "Etat" | "Kultur") => "Etat+Kultur".into(),
            _ => label.to_string(),
        }
    }

    /// Evaluation direction: taxonomy label → evaluation class (None: no equivalent, counts as wrong).
    pub fn from_taxonomy(self, label: &str) -> Option<&'static str> {
        Some(match (self, label) {
            (DatasetMap::Bbc, "business") => "business",
            (DatasetMap::Bbc, "entertainment_culture") => "entertainment",
            (DatasetMap::Bbc, "politics" | "international") => "politics",
            (DatasetMap::Bbc, "sports") => "sport",
            (DatasetMap::Bbc, "science_technology") => "tech",
            (DatasetMap::Sib200, "science_technology") => "science/technology",
            (DatasetMap::Sib200, "travel") => "travel",
            (DatasetMap::Sib200, "politics" | "international") => "politics",
            (DatasetMap::Sib200, "sports") => "sports",
            (DatasetMap::Sib200, "health") => "health",
            (DatasetMap::Sib200, "entertainment_culture") => "entertainment",
            (DatasetMap::Sib200, "environment") => "geography",
            (DatasetMap::Gnad, "science_technology" | "health" | "environment") => {
                "Web+Wissenschaft"
            }
            (DatasetMap::Gnad, "society" | "travel") => "Panorama",
            (DatasetMap::Gnad, "international") => "International",
            (DatasetMap::Gnad, "business") => "Wirtschaft",
            (DatasetMap::Gnad, "sports") => "Sport",
            (DatasetMap::Gnad, "politics") => "Inland",
            (DatasetMap::Gnad, "entertainment_culture") => "Etat+Kultur",
            (DatasetMap::AgNews, "international" | "politics") => "World",
            (DatasetMap::AgNews, "sports") => "Sports",
            (DatasetMap::AgNews, "business") => "Business",
            (DatasetMap::AgNews, "science_technology" | "health") => "Sci/Tech",
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_labels_follow_the_evaluation_map() {
        assert_eq!(
            DatasetMap::Sib200.unknown_labels("politics"),
            ["international"]
        );
        assert_eq!(
            DatasetMap::Bbc.unknown_labels("politics"),
            ["international"]
        );
        assert_eq!(DatasetMap::AgNews.unknown_labels("World"), ["politics"]);
        assert_eq!(DatasetMap::AgNews.unknown_labels("Sci/Tech"), ["health"]);
        // 10kGNAD tells domestic from international politics
        assert!(DatasetMap::Gnad.unknown_labels("Inland").is_empty());
        assert!(DatasetMap::Gnad.unknown_labels("International").is_empty());
        assert_eq!(
            DatasetMap::Gnad.unknown_labels("Web"),
            ["health", "environment"]
        );
        assert!(DatasetMap::Bbc.unknown_labels("sport").is_empty());
        assert!(DatasetMap::Bbc.unknown_labels("nonsense").is_empty());
    }

    #[test]
    fn maps_land_in_taxonomy() {
        let cases: [(DatasetMap, &[&str]); 4] = [
            (
                DatasetMap::Bbc,
                &["business", "entertainment", "politics", "sport", "tech"],
            ),
            (
                DatasetMap::Sib200,
                &[
                    "science/technology",
                    "travel",
                    "politics",
                    "sports",
                    "health",
                    "entertainment",
                    "geography",
                ],
            ),
            (
                DatasetMap::Gnad,
                &[
                    "Web",
                    "Panorama",
                    "International",
                    "Wirtschaft",
                    "Sport",
                    "Inland",
                    "Etat",
                    "Wissenschaft",
                    "Kultur",
                ],
            ),
            (
                DatasetMap::AgNews,
                &["World", "Sports", "Business", "Sci/Tech"],
            ),
        ];
        for (d, labels) in cases {
            for l in labels {
                let t = d.to_taxonomy(l).unwrap();
                assert!(LABELS.contains(&t));
                // round trip: the taxonomy label maps back to the label's evaluation class
                assert_eq!(d.from_taxonomy(t).unwrap(), d.eval_class(l), "{d:?} {l}");
            }
        }
    }
}
