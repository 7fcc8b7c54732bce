"""Convoy planning: 1,500 evacuees in 400 households onto 40 vehicles of mixed capacities.

    .venv/bin/python bench/convoy_planning.py [--seed 1] [--time-limit 4]

Generates (seeded) a population like the Sudzha register: household sizes 1–8, priorities
1/2/3 (urgent 8%, vulnerable 22%), wheelchair users (2%), stretcher patients (1%), a few
households that agreed to travel apart, medical escorts tied to patients in other
households. Two fleets of 40 vehicles each: "ample" (more places than people) and "tight"
(fewer). For each, the CP-SAT planner and two greedy baselines: first fit in registration
order (what a spreadsheet does) and first fit by priority and size (the CP-SAT warm start).
Prints time, rule violations, vehicles used, people carried per priority and priority
inversions (people of a lower priority carried while someone of a higher priority, who would
fit some vehicle, waits). Asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corridor.corridors.planner import (
    Plan,
    Traveller,
    Vehicle,
    plan_cp_sat,
    plan_greedy,
    units,
    violations,
)

PEOPLE, HOUSEHOLDS = 1500, 400


def population(rng: random.Random) -> list[Traveller]:
    sizes = [rng.choices(range(1, 9), [8, 20, 25, 22, 13, 7, 3, 2])[0] for _ in range(HOUSEHOLDS)]
    while sum(sizes) != PEOPLE:
        i = rng.randrange(HOUSEHOLDS)
        if sum(sizes) < PEOPLE and sizes[i] < 8:
            sizes[i] += 1
        elif sum(sizes) > PEOPLE and sizes[i] > 1:
            sizes[i] -= 1
    travellers: list[Traveller] = []
    for h, size in enumerate(sizes):
        apart = rng.random() < 0.02
        for m in range(size):
            r = rng.random()
            travellers.append(
                Traveller(
                    id=f"h{h:03d}m{m}",
                    household=f"h{h:03d}",
                    priority=rng.choices([1, 2, 3], [8, 22, 70])[0],
                    wheelchair=r < 0.02,
                    stretcher=0.02 <= r < 0.03,
                    separate=apart,
                )
            )
    patients = [t for t in travellers if t.stretcher]
    singles = [k for k, t in enumerate(travellers) if sizes[int(t.household[1:])] == 1]
    for patient, k in zip(patients[:6], rng.sample(singles, 6), strict=False):
        # A nurse living alone rides with a patient of another household.
        t = travellers[k]
        if not (t.wheelchair or t.stretcher):
            travellers[k] = Traveller(t.id, t.household, t.priority, escort_of=patient.id)
    return travellers


FLEETS = {
    # (name, seats, wheelchair, stretcher) × count
    "ample": [("coach", 50, 2, 0)] * 24 + [("bus", 40, 1, 0)] * 8 + [("minibus", 18, 1, 0)] * 4
    + [("medical bus", 12, 2, 3)] * 4,
    "tight": [("coach", 50, 2, 0)] * 14 + [("bus", 40, 1, 0)] * 8 + [("minibus", 18, 1, 0)] * 14
    + [("medical bus", 12, 2, 3)] * 4,
}  # fmt: skip


def fleet(name: str, rng: random.Random) -> list[Vehicle]:
    kinds = list(FLEETS[name])
    rng.shuffle(kinds)  # as vehicles arrive, not sorted by size
    return [Vehicle(f"{k}-{n:02d}", s, w, x) for n, (k, s, w, x) in enumerate(kinds)]


def inversions(plan: Plan, travellers: list[Traveller], vehicles: list[Vehicle]) -> int:
    """People waiting who would fit one vehicle in the places of lower-priority households on it."""
    all_units = units(travellers)
    waiting = set(plan.left_behind)
    room = {v.id: [v.seats, v.wheelchair, v.stretcher] for v in vehicles}
    on_board: dict[str, list] = {v.id: [] for v in vehicles}
    for u in all_units:
        if u.members[0] not in waiting:
            vid = plan.assignments[u.members[0]]
            on_board[vid].append(u)
            for k, n in enumerate((u.seats, u.wheelchair, u.stretcher)):
                room[vid][k] -= n
    count = 0
    for u in all_units:
        if u.members[0] not in waiting:
            continue
        for v in vehicles:
            lower = [w for w in on_board[v.id] if w.priority > u.priority]
            free = [
                room[v.id][0] + sum(w.seats for w in lower),
                room[v.id][1] + sum(w.wheelchair for w in lower),
                room[v.id][2] + sum(w.stretcher for w in lower),
            ]
            if lower and free[0] >= u.seats and free[1] >= u.wheelchair and free[2] >= u.stretcher:
                count += u.size
                break
    return count


def row(name: str, plan: Plan, travellers, vehicles) -> str:
    carried = "/".join(str(plan.carried_by_priority.get(p, 0)) for p in (1, 2, 3))
    return (
        f"| {name} | {plan.seconds:.2f} | {len(violations(plan, travellers, vehicles))} | "
        f"{plan.vehicles_used} | {len(plan.assignments)} | {carried} | "
        f"{inversions(plan, travellers, vehicles)} | {'yes' if plan.optimal else 'no'} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=3.0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    travellers = population(rng)
    need = [
        sum(1 for t in travellers if not (t.wheelchair or t.stretcher)),
        sum(t.wheelchair and not t.stretcher for t in travellers),
        sum(t.stretcher for t in travellers),
    ]
    by_priority = [sum(t.priority == p for t in travellers) for p in (1, 2, 3)]
    print(
        f"{len(travellers)} evacuees in {len({t.household for t in travellers})} households; "
        f"needs seats/wheelchair/stretcher {need}; priorities 1/2/3 {by_priority}"
    )
    started = time.perf_counter()
    import ortools.sat.python.cp_model  # noqa: F401

    print(f"importing OR-Tools: {time.perf_counter() - started:.2f} s (once per process)")
    for name in FLEETS:
        vehicles = fleet(name, random.Random(args.seed))
        places = [
            sum(getattr(v, a) for v in vehicles) for a in ("seats", "wheelchair", "stretcher")
        ]
        misfits = sum(
            u.size
            for u in units(travellers)
            if not any(
                u.seats <= v.seats and u.wheelchair <= v.wheelchair and u.stretcher <= v.stretcher
                for v in vehicles
            )
        )
        print(
            f"\n### fleet {name}: {len(vehicles)} vehicles, places seats/wheelchair/stretcher {places}"
        )
        print(f"({misfits} people ride with households that fit no single vehicle of this fleet)\n")
        print(
            "| method | time s | rules broken | vehicles used | carried | carried by household priority 1/2/3 | waiting behind lower priority | proven optimal |"
        )
        print("|---|---|---|---|---|---|---|---|")
        print(
            row(
                "greedy, registration order",
                plan_greedy(travellers, vehicles),
                travellers,
                vehicles,
            )
        )
        print(
            row(
                "greedy, priority then size",
                plan_greedy(travellers, vehicles, by_priority=True),
                travellers,
                vehicles,
            )
        )
        print(
            row(
                "CP-SAT",
                plan_cp_sat(travellers, vehicles, time_limit=args.time_limit),
                travellers,
                vehicles,
            )
        )


if __name__ == "__main__":
    main()
