"""Plotly figure builders: tidy frame in, figure out. One template for every chart.

The palette is Okabe-Ito (colour-blind safe) led by UNHCR blue #0072BC, which is also Okabe-Ito's blue.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

UNHCR_BLUE = "#0072BC"
PALETTE = [UNHCR_BLUE, "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000", "#999999"]
TEMPLATE_NAME = "mirps"


def make_template() -> go.layout.Template:
    """The shared look: palette, system fonts (no web fonts), light grid, legend on top."""
    return go.layout.Template(
        layout=go.Layout(
            colorway=PALETTE,
            font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13, "color": "#222"},
            paper_bgcolor="white",
            plot_bgcolor="white",
            xaxis={"showgrid": False, "linecolor": "#999", "ticks": "outside"},
            yaxis={"gridcolor": "#e5e5e5", "zeroline": False, "separatethousands": True},
            legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
            margin={"l": 10, "r": 10, "t": 40, "b": 10},
            hoverlabel={"font": {"family": "system-ui, sans-serif"}},
        )
    )


def register_template() -> str:
    """Register the template with plotly (idempotent) and return its name for `template=`."""
    if TEMPLATE_NAME not in pio.templates:
        pio.templates[TEMPLATE_NAME] = make_template()
    return TEMPLATE_NAME
