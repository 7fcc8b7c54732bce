"""Convoy planning: who rides in which vehicle. Framework-free.

Households travel together (unless they decided otherwise), a medical escort rides with the
patient, wheelchair users and stretcher patients take those places, higher priorities go
first, and as few vehicles as possible are used. `plan_cp_sat` solves this with OR-Tools'
CP-SAT (warm-started from the greedy plan); `plan_greedy` is the first-fit baseline.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

PRIORITIES = (1, 2, 3)  # 1: urgent (medical), 2: vulnerable, 3: everyone else

__all__ = [
    "PRIORITIES",
    "Plan",
    "PlanConflict",
    "Traveller",
    "Unit",
    "Vehicle",
    "plan_cp_sat",
    "plan_greedy",
    "units",
    "violations",
]


@dataclass(frozen=True)
class Traveller:
    """One evacuee as the planner sees them: no names, only what decides the seat."""

    id: str
    household: str
    priority: int = 3
    wheelchair: bool = False
    stretcher: bool = False
    escort_of: str | None = None  # a medical escort rides with this traveller
    separate: bool = False  # the household decided this member may travel apart


@dataclass(frozen=True)
class Vehicle:
    """A vehicle's places of each kind."""

    id: str
    seats: int
    wheelchair: int = 0
    stretcher: int = 0


@dataclass(frozen=True)
class Unit:
    """Travellers who must ride in the same vehicle, and the places they need."""

    members: tuple[str, ...]
    priority: int
    seats: int
    wheelchair: int
    stretcher: int

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class Plan:
    """Who rides where, who stays for a later convoy, and how the plan was found."""

    assignments: Mapping[str, str]  # traveller id -> vehicle id
    left_behind: tuple[str, ...]
    method: str
    seconds: float
    optimal: bool = False
    carried_by_priority: Mapping[int, int] = field(default_factory=dict)

    @property
    def vehicles_used(self) -> int:
        return len(set(self.assignments.values()))


class PlanConflict(Exception):
    """Pinned places contradict the rules (a household pinned to two vehicles, an overfull vehicle)."""


def units(travellers: Sequence[Traveller]) -> list[Unit]:
    """Group travellers that must ride together: households (unless separate) and escorts."""
    parent = {t.id: t.id for t in travellers}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    first_of_household: dict[str, str] = {}
    for t in travellers:
        if t.separate:
            continue
        if t.household in first_of_household:
            union(first_of_household[t.household], t.id)
        else:
            first_of_household[t.household] = t.id
    for t in travellers:
        if t.escort_of is not None and t.escort_of in parent:
            union(t.id, t.escort_of)
    groups: dict[str, list[Traveller]] = {}
    for t in travellers:
        groups.setdefault(find(t.id), []).append(t)
    out = []
    for members in groups.values():
        out.append(
            Unit(
                members=tuple(sorted(m.id for m in members)),
                priority=min(m.priority for m in members),
                seats=sum(1 for m in members if not (m.wheelchair or m.stretcher)),
                wheelchair=sum(1 for m in members if m.wheelchair and not m.stretcher),
                stretcher=sum(1 for m in members if m.stretcher),
            )
        )
    out.sort(key=lambda u: (u.priority, -u.size, u.members))
    return out


def _pinned_units(
    all_units: list[Unit], pinned: Mapping[str, str], vehicle_ids: set[str]
) -> dict[int, str]:
    fixed: dict[int, str] = {}
    for i, unit in enumerate(all_units):
        targets = {pinned[m] for m in unit.members if m in pinned}
        if len(targets) > 1:
            raise PlanConflict(f"travellers who ride together are pinned to {sorted(targets)}")
        if targets:
            target = targets.pop()
            if target not in vehicle_ids:
                raise PlanConflict(f"pinned to an unknown vehicle {target}")
            fixed[i] = target
    return fixed


def _finish(
    all_units: list[Unit], chosen: Mapping[int, str], method: str, started: float, optimal: bool
) -> Plan:
    assignments: dict[str, str] = {}
    left: list[str] = []
    carried = dict.fromkeys(PRIORITIES, 0)
    for i, unit in enumerate(all_units):
        if i in chosen:
            for m in unit.members:
                assignments[m] = chosen[i]
            carried[unit.priority] = carried.get(unit.priority, 0) + unit.size
        else:
            left.extend(unit.members)
    return Plan(
        assignments=assignments,
        left_behind=tuple(sorted(left)),
        method=method,
        seconds=time.perf_counter() - started,
        optimal=optimal,
        carried_by_priority=carried,
    )


def _greedy_choice(
    all_units: list[Unit],
    vehicles: Sequence[Vehicle],
    fixed: Mapping[int, str],
    order: Sequence[int] | None = None,
) -> dict[int, str]:
    free = {v.id: [v.seats, v.wheelchair, v.stretcher] for v in vehicles}
    chosen: dict[int, str] = {}
    for i, vid in fixed.items():
        u = all_units[i]
        room = free[vid]
        room[0] -= u.seats
        room[1] -= u.wheelchair
        room[2] -= u.stretcher
        if min(room) < 0:
            raise PlanConflict(f"pinned travellers overfill vehicle {vid}")
        chosen[i] = vid
    for i in order if order is not None else range(len(all_units)):
        u = all_units[i]
        if i in chosen:
            continue
        for v in vehicles:
            room = free[v.id]
            if room[0] >= u.seats and room[1] >= u.wheelchair and room[2] >= u.stretcher:
                room[0] -= u.seats
                room[1] -= u.wheelchair
                room[2] -= u.stretcher
                chosen[i] = v.id
                break
    return chosen


def plan_greedy(
    travellers: Sequence[Traveller],
    vehicles: Sequence[Vehicle],
    pinned: Mapping[str, str] | None = None,
    *,
    by_priority: bool = False,
) -> Plan:
    """First fit, vehicles in the order given; groups in registration order, or by priority
    and size (`by_priority`, the warm start of the CP-SAT plan)."""
    started = time.perf_counter()
    all_units = units(travellers)
    fixed = _pinned_units(all_units, pinned or {}, {v.id for v in vehicles})
    order = None if by_priority else _registration_order(all_units, travellers)
    chosen = _greedy_choice(all_units, vehicles, fixed, order)
    return _finish(all_units, chosen, "greedy", started, False)


def _registration_order(all_units: list[Unit], travellers: Sequence[Traveller]) -> list[int]:
    position = {t.id: n for n, t in enumerate(travellers)}
    return sorted(
        range(len(all_units)), key=lambda i: min(position[m] for m in all_units[i].members)
    )


def _score(all_units: list[Unit], chosen: Mapping[int, str]) -> tuple[int, ...]:
    """Higher is better: people carried per priority (highest first), then fewer vehicles."""
    carried = dict.fromkeys(PRIORITIES, 0)
    for i in chosen:
        carried[all_units[i].priority] = carried.get(all_units[i].priority, 0) + all_units[i].size
    return (*(carried[p] for p in sorted(carried)), -len(set(chosen.values())))


def _weights(all_units: list[Unit]) -> dict[int, int]:
    """Per-person weight of each priority: one person of a priority outweighs everyone below."""
    n = sum(u.size for u in all_units) + 1
    levels = sorted({*PRIORITIES, *(u.priority for u in all_units)})
    return {p: n ** (len(levels) - 1 - k) for k, p in enumerate(levels)}


def plan_cp_sat(
    travellers: Sequence[Traveller],
    vehicles: Sequence[Vehicle],
    pinned: Mapping[str, str] | None = None,
    *,
    time_limit: float = 4.0,
    workers: int = 2,
    seed: int = 0,
) -> Plan:
    """CP-SAT: carry the most people by priority, then use the fewest vehicles.

    Warm-started from the greedy plan, so a time limit always leaves a plan at least as good.
    """
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    all_units = units(travellers)
    fixed = _pinned_units(all_units, pinned or {}, {v.id for v in vehicles})
    # Warm start: the better of first fit in the given order and first fit largest vehicle
    # first (which tends to need fewer vehicles).
    largest_first = sorted(vehicles, key=lambda v: (-v.seats, -v.wheelchair, -v.stretcher, v.id))
    greedy = max(
        (_greedy_choice(all_units, order, fixed) for order in (vehicles, largest_first)),
        key=lambda chosen: _score(all_units, chosen),
    )
    if not all_units or not vehicles:
        return _finish(all_units, {}, "cp-sat", started, True)
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for i, u in enumerate(all_units):
        for j, v in enumerate(vehicles):
            if u.seats <= v.seats and u.wheelchair <= v.wheelchair and u.stretcher <= v.stretcher:
                x[i, j] = model.new_bool_var(f"x{i}_{j}")
    used = [model.new_bool_var(f"used{j}") for j in range(len(vehicles))]
    by_unit: dict[int, list] = {}
    by_vehicle: dict[int, list[tuple[int, cp_model.IntVar]]] = {}
    for (i, j), var in x.items():
        by_unit.setdefault(i, []).append(var)
        by_vehicle.setdefault(j, []).append((i, var))
        model.add_implication(var, used[j])
    index = {v.id: j for j, v in enumerate(vehicles)}
    for vars_ in by_unit.values():
        model.add_at_most_one(vars_)
    for i, vid in fixed.items():
        if (i, index[vid]) not in x:
            raise PlanConflict(f"pinned travellers do not fit vehicle {vid}")
        model.add(x[i, index[vid]] == 1)
    for j, v in enumerate(vehicles):
        terms = by_vehicle.get(j, [])
        for attr, cap in (
            ("seats", v.seats),
            ("wheelchair", v.wheelchair),
            ("stretcher", v.stretcher),
        ):
            weighted = [(getattr(all_units[i], attr), var) for i, var in terms]
            weighted = [(w, var) for w, var in weighted if w]
            if weighted:
                model.add(sum(w * var for w, var in weighted) <= cap)
        if not terms:
            model.add(used[j] == 0)
    weight = _weights(all_units)
    scale = len(vehicles) + 1
    model.maximize(
        sum(
            all_units[i].size * weight[all_units[i].priority] * scale * var
            for (i, _), var in x.items()
        )
        - sum(used)
    )
    for (i, j), var in x.items():
        model.add_hint(var, greedy.get(i) == vehicles[j].id)
    for j, v in enumerate(vehicles):
        model.add_hint(used[j], v.id in greedy.values())
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # Vehicles of one kind are interchangeable: detecting that costs more than it saves here.
    solver.parameters.symmetry_level = 0
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _finish(all_units, greedy, "greedy (cp-sat found nothing in time)", started, False)
    chosen = {i: vehicles[j].id for (i, j), var in x.items() if solver.boolean_value(var)}
    return _finish(all_units, chosen, "cp-sat", started, status == cp_model.OPTIMAL)


def violations(
    plan: Plan,
    travellers: Sequence[Traveller],
    vehicles: Sequence[Vehicle],
    pinned: Mapping[str, str] | None = None,
) -> list[str]:
    """Every rule the plan breaks, in words (empty: the plan is sound)."""
    problems: list[str] = []
    by_id = {t.id: t for t in travellers}
    load: dict[str, list[int]] = {v.id: [0, 0, 0] for v in vehicles}
    for tid, vid in plan.assignments.items():
        t = by_id[tid]
        if vid not in load:
            problems.append(f"{tid} in unknown vehicle {vid}")
            continue
        kind = 2 if t.stretcher else 1 if t.wheelchair else 0
        load[vid][kind] += 1
    for v in vehicles:
        seats, chairs, stretchers = load[v.id]
        if seats > v.seats or chairs > v.wheelchair or stretchers > v.stretcher:
            problems.append(f"vehicle {v.id} overfull: {load[v.id]}")
    if set(plan.assignments) & set(plan.left_behind):
        problems.append("a traveller is both carried and left behind")
    if set(plan.assignments) | set(plan.left_behind) != set(by_id):
        problems.append("the plan does not account for every traveller")
    for unit in units(travellers):
        where = {plan.assignments.get(m) for m in unit.members}
        if len(where) > 1:
            problems.append(f"travellers {unit.members} who ride together are split: {where}")
    for tid, vid in (pinned or {}).items():
        if plan.assignments.get(tid) != vid:
            problems.append(f"{tid} was pinned to {vid}")
    return problems
