"""Codes in the address, labels on the screen: how a widget's value is written to and read from the URL.

A link holds stable codes (area `education`, status `in_progress`, office `tapachula`, years `2019-2023`), never
a translated label, so it means the same view in either language and any browser. A label in an old link (either
language, any case or accents) is still read, once; the page then rewrites the address with the code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from functools import cached_property

from mirps_dash.codes import fold
from mirps_dash.i18n import LANGUAGES

NO_VALUE_CODE = "none"  # the code of an empty value ("" in the data, shown as "No data")
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
RANGE = re.compile(r"^\s*(-?\d+)\s*(?:-|–|_|\.\.)\s*(-?\d+)\s*$")


def url_code(value: object) -> str:
    """The stable, language-free code of a value in a link: 'In progress' -> 'in_progress', 'HTI' -> 'hti'; a value
    that is already an id ('tapachula', 'comar-press-026', '2024-01_2024-05') is kept, in lower case."""
    text = str(value)
    if ID.match(text):
        return text.lower()
    return fold(text).replace(" ", "_") or NO_VALUE_CODE


class UrlCodes:
    """The options of one widget, each with its code, and every spelling that may name it in a link.

    The spellings are made only when a link is read (a first visit, a typed or shared address): a run that only
    writes its choices' codes no longer folds every option's labels (the Pledges filters' 900 entities in two
    languages cost 15-20 ms a run)."""

    def __init__(self, options: Sequence[Hashable], label: Callable[[Hashable, str], str] | None = None) -> None:
        self._options, self._label = options, label

    @cached_property
    def codes(self) -> dict[Hashable, str]:
        """option -> code"""
        return {option: url_code(option) for option in self._options}

    @cached_property
    def spellings(self) -> dict[str, Hashable]:
        """folded code, label (es, en) or value -> option"""
        label, spellings = self._label, dict[str, Hashable]()
        for option in self._options:
            for spelling in (self.codes[option], option, *(label(option, lang) for lang in LANGUAGES if label)):
                if fold(spelling):
                    spellings.setdefault(fold(spelling), option)
        return spellings

    def code(self, option: Hashable) -> str:
        """The code written to the address for an option."""
        return url_code(option)

    def option(self, text: str) -> Hashable | None:
        """The option a link's text names (its code, a label in either language, or the stored value); None if none."""
        return self.spellings.get(fold(text))

    def options(self, texts: Iterable[str]) -> list[Hashable]:
        """The options a link's texts name, in their order, unknown ones left out, each once."""
        found = [self.option(text) for text in texts]
        return list(dict.fromkeys(option for option in found if option is not None))


def url_codes(options: Sequence[Hashable], label: Callable[[Hashable, str], str] | None = None) -> UrlCodes:
    """Codes for `options` (their `url_code`); `label(option, lang)` gives the labels an old link may hold."""
    return UrlCodes(options, label)


def range_code(low: int, high: int) -> str:
    """A range of years in a link: (2019, 2023) -> '2019-2023'."""
    return f"{low}-{high}"


def read_range(texts: Sequence[str], bounds: tuple[int, int]) -> tuple[int, int] | None:
    """The range a link names ('2019-2023', or an old link's two values '2019' and '2023'), kept inside `bounds`
    and in order; None when the texts name no range."""
    if len(texts) == 1 and (match := RANGE.match(texts[0])):
        numbers = [int(match.group(1)), int(match.group(2))]
    elif len(texts) in (1, 2) and all(re.fullmatch(r"\s*-?\d+(\.0+)?\s*", text) for text in texts):
        numbers = [int(float(text)) for text in texts] * (3 - len(texts))
    else:
        return None
    low, high = sorted(min(max(number, bounds[0]), bounds[1]) for number in numbers[:2])
    return low, high


# ---- data versions in a link: `?v=claims:12,refugees:4` pins what a cited view shows --------------------------

VERSIONS_PARAM = "v"
VERSION_PIN = re.compile(r"^\s*([A-Za-z_]+)\s*:\s*(\d{1,12})\s*$")


def read_version_pins(texts: Sequence[str], datasets: Iterable[str]) -> tuple[dict[str, int], list[str]]:
    """The versions a link pins ('claims:12,refugees:4' -> {'claims': 12, 'refugees': 4}) and, as they were
    written, the items it cannot read: not `name:number`, a name that is no dataset, or one dataset twice."""
    known = set(datasets)
    pins: dict[str, int] = {}
    problems: list[str] = []
    for item in (part for text in texts for part in text.split(",") if part.strip()):
        match = VERSION_PIN.match(item)
        name = match.group(1).lower() if match else ""
        if not match or name not in known or name in pins:
            problems.append(item.strip())
            continue
        pins[name] = int(match.group(2))
    return pins, problems


def version_pins_code(pins: Mapping[str, int | None]) -> str:
    """The `v` value of a link pinning these versions, datasets in name order: 'claims:12,sources:1'."""
    return ",".join(f"{name}:{version}" for name, version in sorted(pins.items()) if version is not None)
