"""The US tile-grid map: one square per jurisdiction at its data/jurisdictions.yaml tile, coloured by score."""

from dataclasses import dataclass

TILE_PX = 44  # side of one tile in SVG user units
GAP_PX = 4


@dataclass(frozen=True)
class Tile:
    """One jurisdiction's square on the map."""

    code: str
    name: str
    href: str
    x: int
    y: int
    css: str  # colour class: a score bin, or "nodata" / "notscored" / "noprog"
    label: str  # accessible name: "Ohio: score 55 of 100"


@dataclass(frozen=True)
class TileMap:
    """All tiles and the SVG canvas size."""

    tiles: tuple[Tile, ...]
    width: int
    height: int
    size: int = TILE_PX


@dataclass(frozen=True)
class LegendItem:
    css: str
    text: str


def score_class(score: int | None, bins: tuple[tuple[int, str, str], ...], no_program: bool = False,
                crawled: bool = False) -> str:
    """The colour class of a score (None: not crawled yet, or crawled and nothing could be read: not scored)."""
    if no_program:
        return "noprog"
    if score is None:
        return "notscored" if crawled else "nodata"
    chosen = bins[0][1]
    for lowest, css, _ in bins:
        if score >= lowest:
            chosen = css
    return chosen


def legend(bins: tuple[tuple[int, str, str], ...]) -> tuple[LegendItem, ...]:
    """Legend entries: the score bins, then the two no-score cases."""
    items = [LegendItem(css, f"score {text}") for _, css, text in bins]
    return (*items, LegendItem("notscored", "not scored: nothing could be read"),
            LegendItem("nodata", "not crawled yet or no data"),
            LegendItem("noprog", "no certification program found"))


def build_tilemap(entries: list[tuple[str, str, str, tuple[int, int], str, str]]) -> TileMap:
    """Tiles from (code, name, href, (row, col), css, label) entries, ordered by row then column."""
    step = TILE_PX + GAP_PX
    tiles = tuple(
        Tile(code, name, href, col * step, row * step, css, label)
        for code, name, href, (row, col), css, label in sorted(entries, key=lambda e: (e[3], e[0]))
    )
    if not tiles:
        return TileMap((), 0, 0)
    width = max(t.x for t in tiles) + TILE_PX
    height = max(t.y for t in tiles) + TILE_PX
    return TileMap(tiles, width, height)
