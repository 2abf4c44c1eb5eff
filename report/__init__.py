"""Stage 3: render the static comparison site (site/) from the results."""
