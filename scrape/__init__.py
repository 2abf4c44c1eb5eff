"""Stage 1: crawl each program's site and store what it says as text (data/pages/)."""
