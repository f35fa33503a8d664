//! Extractive summaries.
