//! Topic classification.
