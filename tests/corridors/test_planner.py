"""The planner: tiny literal cases with exact answers, and properties over random convoys."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.corridors.planner import (
    Traveller,
    Vehicle,
    plan_cp_sat,
    plan_greedy,
    units,
    violations,
)


def _priority_vector(plan) -> tuple[int, ...]:
    return tuple(plan.carried_by_priority.get(p, 0) for p in (1, 2, 3))


def test_a_household_is_never_split_even_to_carry_more():
    # Two minibuses of 3 seats; a household of 4 would fit only split: it waits, whole.
    travellers = [Traveller(f"h{n}", "H") for n in range(4)] + [Traveller("s", "S")]
    vehicles = [Vehicle("v1", 3), Vehicle("v2", 3)]
    for plan in (
        plan_cp_sat(travellers, vehicles, time_limit=2),
        plan_greedy(travellers, vehicles),
    ):
        assert not violations(plan, travellers, vehicles)
        assert set(plan.left_behind) == {"h0", "h1", "h2", "h3"}
        assert plan.assignments == {"s": plan.assignments["s"]}


def test_a_household_that_chose_to_travel_apart_may_be_split():
    travellers = [Traveller(f"h{n}", "H", separate=True) for n in range(4)]
    plan = plan_cp_sat(travellers, [Vehicle("v1", 3), Vehicle("v2", 3)], time_limit=2)
    assert len(plan.assignments) == 4
    assert plan.vehicles_used == 2


def test_escort_rides_with_the_patient_and_places_by_need():
    travellers = [
        Traveller("patient", "P", priority=1, stretcher=True),
        Traveller("nurse", "N", escort_of="patient"),
        Traveller("chair", "C", wheelchair=True),
    ]
    vehicles = [Vehicle("bus", 40, wheelchair=1), Vehicle("ambulance", 1, stretcher=1)]
    plan = plan_cp_sat(travellers, vehicles, time_limit=2)
    assert plan.assignments == {"patient": "ambulance", "nurse": "ambulance", "chair": "bus"}
    assert next(u.members for u in units(travellers)) == ("nurse", "patient")


def test_priorities_first_then_fewest_vehicles():
    travellers = [Traveller("low1", "L1", priority=3), Traveller("low2", "L2", priority=3)]
    travellers += [Traveller("urgent", "U", priority=1), Traveller("mid", "M", priority=2)]
    vehicles = [Vehicle("small", 1), Vehicle("car", 2)]
    plan = plan_cp_sat(travellers, vehicles, time_limit=2)
    assert {"urgent", "mid"} <= set(plan.assignments)
    assert len(plan.left_behind) == 1
    roomy = plan_cp_sat(
        travellers, [Vehicle("a", 1), Vehicle("b", 1), Vehicle("coach", 40)], time_limit=2
    )
    assert roomy.vehicles_used == 1
    assert not roomy.left_behind


def test_pinned_places_are_kept():
    travellers = [Traveller("x", "X"), Traveller("y", "Y")]
    vehicles = [Vehicle("big", 10), Vehicle("small", 1)]
    plan = plan_cp_sat(travellers, vehicles, {"x": "small"}, time_limit=2)
    assert plan.assignments["x"] == "small"
    assert not violations(plan, travellers, vehicles, {"x": "small"})


@st.composite
def convoys(draw):
    travellers = []
    for h in range(draw(st.integers(1, 12))):
        separate = draw(st.booleans()) and draw(st.booleans())
        for m in range(draw(st.integers(1, 5))):
            need = draw(st.sampled_from(["seat"] * 6 + ["wheelchair", "stretcher"]))
            travellers.append(
                Traveller(
                    f"t{h}-{m}",
                    f"h{h}",
                    priority=draw(st.integers(1, 3)),
                    wheelchair=need == "wheelchair",
                    stretcher=need == "stretcher",
                    separate=separate,
                )
            )
    if len(travellers) > 1 and draw(st.booleans()):
        a, b = draw(st.permutations(range(len(travellers))))[:2]
        t = travellers[a]
        travellers[a] = Traveller(
            t.id, t.household, t.priority, t.wheelchair, t.stretcher, travellers[b].id, t.separate
        )
    vehicles = [
        Vehicle(f"v{j}", draw(st.integers(0, 8)), draw(st.integers(0, 2)), draw(st.integers(0, 1)))
        for j in range(draw(st.integers(1, 5)))
    ]
    return travellers, vehicles


@settings(max_examples=40, deadline=None)
@given(convoys())
def test_every_plan_keeps_every_rule_and_cp_sat_never_does_worse(case):
    travellers, vehicles = case
    greedy = plan_greedy(travellers, vehicles, by_priority=True)
    simple = plan_greedy(travellers, vehicles)
    solved = plan_cp_sat(travellers, vehicles, time_limit=1, workers=1)
    for plan in (greedy, simple, solved):
        assert violations(plan, travellers, vehicles) == []
    assert _priority_vector(solved) >= _priority_vector(greedy)
    if _priority_vector(solved) == _priority_vector(greedy):
        assert solved.vehicles_used <= greedy.vehicles_used
