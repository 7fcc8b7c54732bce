"""A synthetic population of a border district: families over five generations, vectorised.

Founding couples (born 1922–1955) settle in the district's villages, some of which have a
few surnames of their own; children take the father's surname and his given name as their
patronymic, and a son is named after his father or grandfather now and then (so cousins
share a name); some births are twins. Grown children marry each other (the wife takes the
husband's surname and keeps a maiden name) or someone from outside, and found households of
their own, mostly in the husband's village.
Then the reference date comes: older people have died with a probability by age and sex, and
`n_people` of the living make up the population. That leaves the hard cases a matcher meets
in the field: fathers and sons of one name in one village, namesakes, twins, maiden names.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corridor.linkage.synthetic_vocab import Vocab

FIELDS = ("sex", "given", "father_given", "surname", "maiden", "year", "month", "day",
          "settlement", "household", "father", "mother", "twin_of")  # fmt: skip
SON_NAMED_AFTER_FATHER = 0.12
SON_NAMED_AFTER_GRANDFATHER = 0.08  # so cousins in one village share a name
TWIN_RATE = 0.025
LOCAL_SURNAMES = 6  # surnames typical of one village
LOCAL_SHARE = 0.3  # of founders in a village who carry one of its own surnames


@dataclass(frozen=True)
class Population:
    """One row per living person (arrays of equal length); ids are positions."""

    columns: dict[str, np.ndarray]
    settlement_weights: np.ndarray

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]

    def __len__(self) -> int:
        return len(self.columns["sex"])


class _People:
    """Growable column store used while the generations are born."""

    def __init__(self) -> None:
        self.cols: dict[str, np.ndarray] = {f: np.empty(0, dtype=np.int64) for f in FIELDS}
        self.n = 0

    def add(self, **values: np.ndarray) -> np.ndarray:
        k = len(values["sex"])
        for f in FIELDS:
            v = values.get(f, np.full(k, -1, dtype=np.int64))
            self.cols[f] = np.concatenate([self.cols[f], v.astype(np.int64)])
        idx = np.arange(self.n, self.n + k)
        self.n += k
        return idx


class _Generator:
    def __init__(self, vocab: Vocab, rng: np.random.Generator, n_settlements: int, ref_year: int):
        self.v, self.rng, self.ref_year = vocab, rng, ref_year
        self.n_set = n_settlements
        w = 1.0 / (np.arange(n_settlements) + 3.0) ** 0.7
        w[0] *= 4  # Sudzha, the district town
        self.set_w = w / w.sum()
        self.local = rng.choice(len(vocab.surname_weights), (n_settlements, LOCAL_SURNAMES),
                                p=vocab.surname_weights)  # fmt: skip
        self.people = _People()
        self.households = 0

    def given(self, sex: np.ndarray, year: np.ndarray) -> np.ndarray:
        era = np.digitize(year, [1955, 1985])
        out = np.empty(len(sex), dtype=np.int64)
        for s in (0, 1):
            for e in (0, 1, 2):
                m = (sex == s) & (era == e)
                if m.any():
                    p = self.v.given_weights[:, e] * (self.v.given_sex == s)
                    out[m] = self.rng.choice(len(p), m.sum(), p=p / p.sum())
        return out

    def surname(self, settlement: np.ndarray) -> np.ndarray:
        out = self.rng.choice(
            len(self.v.surname_weights), len(settlement), p=self.v.surname_weights
        )
        local = self.rng.random(len(settlement)) < LOCAL_SHARE
        pick = self.rng.integers(0, LOCAL_SURNAMES, len(settlement))
        out[local] = self.local[settlement[local], pick[local]]
        return out

    def birthdays(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        month = self.rng.integers(1, 13, k)
        days_in = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[month - 1]
        return month, 1 + (self.rng.random(k) * days_in).astype(np.int64)

    def newcomers(self, sex: np.ndarray, year: np.ndarray, settlement: np.ndarray) -> np.ndarray:
        """People from outside the family tree (founders, spouses who married in)."""
        k = len(sex)
        month, day = self.birthdays(k)
        return self.people.add(
            sex=sex, given=self.given(sex, year), father_given=self.given(np.zeros(k, int), year - 28),
            surname=self.surname(settlement), year=year, month=month, day=day,
            settlement=settlement,
        )  # fmt: skip

    def marry(self, husbands: np.ndarray, wives: np.ndarray, settlement: np.ndarray) -> None:
        c = self.people.cols
        c["maiden"][wives] = c["surname"][wives]
        c["surname"][wives] = c["surname"][husbands]
        c["settlement"][husbands] = c["settlement"][wives] = settlement
        hh = np.arange(self.households, self.households + len(husbands))
        c["household"][husbands] = c["household"][wives] = hh
        self.households += len(husbands)

    def founders(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        settlement = self.rng.choice(self.n_set, n, p=self.set_w)
        h_year = self.rng.integers(1922, 1956, n)
        h = self.newcomers(np.zeros(n, int), h_year, settlement)
        w = self.newcomers(np.ones(n, int), h_year + self.rng.integers(-2, 6, n), settlement)
        self.marry(h, w, settlement)
        return h, w

    def children(self, h: np.ndarray, w: np.ndarray) -> np.ndarray:
        c, rng = self.people.cols, self.rng
        k = rng.choice(6, len(h), p=[0.07, 0.22, 0.36, 0.22, 0.09, 0.04])
        fam = np.repeat(np.arange(len(h)), k)
        if len(fam) == 0:
            return np.empty(0, dtype=np.int64)
        first = np.r_[True, fam[1:] != fam[:-1]]
        twin = ~first & (rng.random(len(fam)) < TWIN_RATE)
        gap = np.where(first, rng.integers(19, 31, len(fam)), rng.integers(1, 7, len(fam)))
        gap[twin] = 0
        cs = np.cumsum(gap)
        start = np.flatnonzero(first)
        year = c["year"][w[fam]] + cs - np.repeat(cs[start] - gap[start], k[k > 0])
        month, day = self.birthdays(len(fam))
        prev = np.flatnonzero(twin) - 1
        month[twin], day[twin] = month[prev], day[prev]
        sex = (rng.random(len(fam)) < 0.49).astype(np.int64)
        given = self.given(sex, year)
        named = (sex == 0) & (rng.random(len(fam)) < SON_NAMED_AFTER_FATHER)
        given[named] = c["given"][h[fam[named]]]
        grand = (sex == 0) & ~named & (rng.random(len(fam)) < SON_NAMED_AFTER_GRANDFATHER)
        given[grand] = c["father_given"][h[fam[grand]]]
        born = (year <= self.ref_year - 1) & (year - c["year"][w[fam]] <= 45)
        # twins share a birth year, so both are born or neither is
        at = np.cumsum(born) - 1
        twin_at = np.flatnonzero(twin & born)
        f = fam[born]
        idx = self.people.add(
            sex=sex[born], given=given[born], father_given=c["given"][h[f]], surname=c["surname"][h[f]],
            year=year[born], month=month[born], day=day[born], settlement=c["settlement"][h[f]],
            household=c["household"][h[f]], father=h[f], mother=w[f],
        )  # fmt: skip
        c = self.people.cols
        c["twin_of"][idx[at[twin_at]]] = idx[at[twin_at - 1]]
        c["twin_of"][idx[at[twin_at - 1]]] = idx[at[twin_at]]
        return idx

    def couples(self, kids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        c, rng = self.people.cols, self.rng
        year = c["year"][kids]
        sons = kids[
            (c["sex"][kids] == 0) & (year <= self.ref_year - 21) & (rng.random(len(kids)) < 0.82)
        ]
        daus = kids[
            (c["sex"][kids] == 1) & (year <= self.ref_year - 19) & (rng.random(len(kids)) < 0.85)
        ]
        sons = sons[np.argsort(c["year"][sons] + rng.normal(0, 1.5, len(sons)))]
        daus = daus[np.argsort(c["year"][daus] - 2 + rng.normal(0, 1.5, len(daus)))]
        k = min(len(sons), len(daus))
        ok = c["father"][sons[:k]] != c["father"][daus[:k]]  # no brother marries his sister
        h, w = sons[:k][ok], daus[:k][ok]
        # the rest marry someone from outside the district's families
        lone_sons = np.r_[sons[:k][~ok], sons[k:]]
        lone_daus = np.r_[daus[:k][~ok], daus[k:]]
        ws = self.newcomers(np.ones(len(lone_sons), int),
                            c["year"][lone_sons] + rng.integers(-1, 5, len(lone_sons)),
                            c["settlement"][lone_sons])  # fmt: skip
        hs = self.newcomers(np.zeros(len(lone_daus), int),
                            c["year"][lone_daus] - rng.integers(-1, 5, len(lone_daus)),
                            c["settlement"][lone_daus])  # fmt: skip
        h, w = np.r_[h, lone_sons, hs], np.r_[w, ws, lone_daus]
        where = c["settlement"][h].copy()
        r = rng.random(len(h))
        where[r > 0.7] = c["settlement"][w][r > 0.7]
        moved = r > 0.85
        where[moved] = rng.choice(self.n_set, moved.sum(), p=self.set_w)
        self.marry(h, w, where)
        return h, w


def build_population(
    n_people: int, vocab: Vocab, rng: np.random.Generator, ref_year: int
) -> Population:
    """`n_people` living persons of the district, with families, at the reference year."""
    n_set = int(np.clip(n_people // 600, 21, len(vocab.settlement["ru"])))
    g = _Generator(vocab, rng, n_set, ref_year)
    n_founders = max(4, int(n_people / 2.6))  # about 2.6 living people per founding couple
    while True:
        h, w = g.founders(n_founders)
        while len(h):
            h, w = g.couples(g.children(h, w))
        c = g.people.cols
        age = ref_year - c["year"]
        midlife = np.where(c["sex"] == 0, 73.0, 80.0)
        alive = np.flatnonzero(g.rng.random(g.people.n) < 1 / (1 + np.exp((age - midlife) / 5.5)))
        if len(alive) >= n_people:
            break
        n_founders = max(4, int(n_founders * 0.5 * n_people / max(len(alive), 1)) + 4)
    keep = np.sort(g.rng.choice(alive, n_people, replace=False))
    new_id = np.full(g.people.n, -1, dtype=np.int64)
    new_id[keep] = np.arange(n_people)
    cols = {f: c[f][keep] for f in FIELDS}
    for f in ("father", "mother", "twin_of"):
        ref = cols[f]
        cols[f] = np.where(ref >= 0, new_id[np.maximum(ref, 0)], -1)
    return Population(cols, g.set_w)


def hard_case_masks(pop: Population) -> dict[str, np.ndarray]:
    """Who has a look-alike: a father or son of the same name, a namesake, a twin."""
    n = len(pop)
    father, given = pop["father"], pop["given"]
    fs = np.zeros(n, dtype=bool)
    same = (father >= 0) & (given == given[np.maximum(father, 0)])
    fs[same] = True
    fs[father[same]] = True
    key = (pop["surname"] * 1000 + given) * 1000 + pop["settlement"]
    _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    return {"father_son": fs, "namesake": counts[inverse] > 1, "twin": pop["twin_of"] >= 0}
