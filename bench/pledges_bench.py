"""Pledge filtering at 20,000 synthetic pledges: mirps_dash.pledges.filter_pledges / filter_with_facets.

Baseline in the same run: one pandas `isin` mask on the same frame (the least any filter can cost).
Run: python -m bench.pledges_bench <json out>
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

from bench.loadgen import percentile
from bench.synthetic import pledges_canonical
from mirps_dash.schema import AREAS_OF_FOCUS, PLEDGE_STATUSES

SEARCHES = ("", "", "education", "salud", "Tapachula jobs", "refugees integration", "")


def timed(function, calls: int) -> list[float]:
    times = []
    for call in range(calls):
        started = time.perf_counter()
        function(call)
        times.append(time.perf_counter() - started)
    return times


def measure(count: int = 20_000, calls: int = 60, seed: int = 6) -> dict:
    """p50/p95 (s) of filter_pledges and filter_with_facets over random selections, and of the baseline."""
    try:
        from mirps_dash import pledges
    except ImportError:
        return {"error": "mirps_dash.pledges not found"}
    rng = random.Random(seed)
    frame = pledges.prepare_pledges(pledges_canonical(count))
    selections = [
        pledges.PledgeSelection(
            area=tuple(rng.sample(AREAS_OF_FOCUS, rng.randint(0, 2))),
            status=tuple(rng.sample(PLEDGE_STATUSES, rng.randint(0, 1))),
            text=rng.choice(SEARCHES),
        )
        for _ in range(calls)
    ]
    kept = []
    filter_times = timed(lambda i: kept.append(len(pledges.filter_pledges(frame, selections[i]))), calls)
    facet_times = timed(lambda i: pledges.filter_with_facets(frame, selections[i]), calls)
    baseline = timed(lambda i: frame[frame["area_of_focus"].isin(selections[i].area or AREAS_OF_FOCUS[:1])], calls)
    return {
        "pledges": len(frame),
        "calls": calls,
        "filter_p50_s": percentile(filter_times, 50),
        "filter_p95_s": percentile(filter_times, 95),
        "facets_p50_s": percentile(facet_times, 50),
        "facets_p95_s": percentile(facet_times, 95),
        "baseline_p50_s": percentile(baseline, 50),
        "baseline_p95_s": percentile(baseline, 95),
        "mean_rows_kept": sum(kept) / len(kept),
    }


def main() -> None:
    result = measure()
    Path(sys.argv[1]).write_text(json.dumps(result))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
