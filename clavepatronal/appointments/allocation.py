"""The draw's allocation: a pure function of public data, so anyone can recompute it.

Inputs, all published after the draw: the seed (its SHA-256 was published before
applications opened), the seats of the pool (start time → free seats) and the
entries (pseudonym, priority, «cualquier hora», preferred hours). The order of the
entries is SHA-256(seed ‖ pseudonym) within each priority: 1 first (five draws lost
in a row), then 0, then -1 (the no-show rule: two turns missed without cancelling in
90 days; draws published before it carry true/false, which are 1 and 0). In that
order, each entry takes the first of its preferred hours with a free seat (the drawn
day first, then earlier days in date order); then, in the same order, each entry
still without a seat that said «cualquier hora» takes the first free seat of the
pool. So an hour someone asked for goes to someone who asked for it before it goes
to someone who would take any. docs/turnos.md says the same in Spanish.
"""

import hashlib
from collections.abc import Iterable
from typing import NamedTuple


class Entry(NamedTuple):
    """One application as the draw sees it: no name, only what it asked for.
    Published as the JSON array of its fields, [pseudonym, priority, any_hour,
    hours]; a named tuple, cheap to build by the thousand."""

    pseudonym: str
    priority: int  # 1 first, 0, -1 last (a bool of older draws is 1 or 0)
    any_hour: bool
    hours: tuple[str, ...]  # "HH:MM", in order of preference

    @classmethod
    def from_list(cls, value: list) -> "Entry":
        pseudonym, priority, any_hour, hours = value
        return cls(str(pseudonym), int(priority), bool(any_hour), tuple(hours))


def seed_hash(seed: str) -> str:
    """What is published before the window opens: SHA-256 of the seed's bytes."""
    return hashlib.sha256(bytes.fromhex(seed)).hexdigest()


def draw_order(seed: str, entries: Iterable[Entry]) -> list[Entry]:
    """Every entry's place: a hash of the seed and its pseudonym, whatever second
    it arrived; by priority first (1, then 0, then -1)."""
    keyed = hashlib.sha256(bytes.fromhex(seed))

    def place(entry: Entry) -> tuple[int, bytes]:
        digest = keyed.copy()
        digest.update(entry.pseudonym.encode())
        # The raw digest sorts as its hexadecimal spelling does.
        return -entry.priority, digest.digest()

    return sorted(entries, key=place)


def allocate(
    seed: str, entries: Iterable[Entry], pool: list[tuple[str, int]]
) -> dict[str, str]:
    """Pseudonym → the start ("YYYY-MM-DDTHH:MM") it won; losers are absent.

    `pool` lists each start with its free seats, in the order seats are offered
    (the drawn day first, then the others by date and hour)."""
    free = dict(pool)
    left = sum(max(seats, 0) for seats in free.values())
    starts = [start for start, _seats in pool]
    by_hour: dict[str, list[str]] = {}
    for start in starts:
        by_hour.setdefault(start[11:16], []).append(start)
    order = draw_order(seed, entries)
    won = {}
    for entry in order:
        if not left:
            break
        for hour in entry.hours:
            # A start without a free seat never gets one back: dropped for good.
            offered = by_hour.get(hour)
            while offered and free[offered[0]] <= 0:
                del offered[0]
            if offered:
                choice = offered[0]
                free[choice] -= 1
                left -= 1
                won[entry.pseudonym] = choice
                break
    # Seats are only taken, so the first start with a free seat only moves forward.
    first = 0
    for entry in order:
        if not left:
            break
        if entry.any_hour and entry.pseudonym not in won:
            while free[starts[first]] <= 0:
                first += 1
            choice = starts[first]
            free[choice] -= 1
            left -= 1
            won[entry.pseudonym] = choice
    return won
