//! Named-entity recognition: the built-in sequence tagger.
