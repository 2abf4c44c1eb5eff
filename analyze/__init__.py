"""Stage 2: detect ethics/boundary concepts in the crawled text and score coverage (data/results/)."""
