"""A person's pain ratings over time as a small server-side SVG (no chart library, no script)."""

from __future__ import annotations

from datetime import datetime
from xml.sax.saxutils import escape

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 560, 200, 36, 12, 12, 28


def pain_svg(points: list[tuple[datetime, int]]) -> str:
    """Ratings 0-10 against time; an empty series says so instead of drawing empty axes."""
    if not points:
        return '<p class="muted">No pain ratings recorded yet.</p>'
    points = sorted(points)
    first, last = points[0][0].timestamp(), points[-1][0].timestamp()
    span = (last - first) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def xy(at: datetime, level: int) -> tuple[float, float]:
        x = LEFT + (plot_w / 2 if last == first else (at.timestamp() - first) / span * plot_w)
        return round(x, 1), round(TOP + (10 - level) / 10 * plot_h, 1)

    coords = [xy(at, level) for at, level in points]
    grid = "".join(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}" class="grid"/>'
        f'<text x="{LEFT - 6}" y="{y + 4}" text-anchor="end">{level}</text>'
        for level in (0, 5, 10)
        for y in [xy(points[0][0], level)[1]]
    )
    line = " ".join(f"{x},{y}" for x, y in coords)
    dots = "".join(
        f'<circle cx="{x}" cy="{y}" r="4"><title>{escape(at.strftime("%Y-%m-%d %H:%M"))}: {level}/10</title></circle>'
        for (x, y), (at, level) in zip(coords, points, strict=True)
    )
    labels = (
        f'<text x="{LEFT}" y="{HEIGHT - 8}">{points[0][0]:%Y-%m-%d}</text>'
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 8}" text-anchor="end">{points[-1][0]:%Y-%m-%d}</text>'
    )
    return (
        f'<svg class="pain-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="Pain ratings over time, {len(points)} check-ins">{grid}'
        f'<polyline points="{line}" fill="none"/>{dots}{labels}</svg>'
    )
