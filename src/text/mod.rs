//! Text preparation: normalization, boilerplate removal, HTML extraction, language
//! identification, sentence segmentation and tokenization with exact offsets.
