"""A literal exchange scenario: party A holds, party B seeks; names in three scripts, namesakes."""

from __future__ import annotations

from dataclasses import dataclass, field

from corridor.exchange import protection, services
from corridor.exchange.models import ExchangeEntry, ExchangeList
from corridor.exchange.services import EntryDetails
from tests.factories import World

# Held by party A, typed by a Ukrainian clerk or in Latin script.
HELD = {
    "son": ("Shevchenko", "Oleksandr", "Oleksandrovych", "1998-04-12", "AB-100234"),
    "father": ("Шевченко", "Олександр", "Миколайович", "03.02.1971", "AB-009981"),
    "petro1": ("Коваленко", "Петро", "Іванович", "05.05.1990", "AB-555001"),
    "petro2": ("Коваленко", "Петро", "Іванович", "17.09.1991", "AB-555777"),
    "andrii": ("Bondar", "Andrii", "Vasylovych", "2001-01-01", "AB-777000"),
    "ivan1": ("Мельник", "Іван", "Петрович", "03.03.1985", "AB-123123"),
    "ivan2": ("Мельник", "Іван", "Степанович", "11.11.1987", "AB-321321"),
    # Three generations of Oleksandr: father and son with exactly the same three names.
    "boiko_father": ("Бойко", "Олександр", "Олександрович", "1975", "AB-200001"),
    "boiko_son": ("Boiko", "Oleksandr", "Oleksandrovych", "14.06.2001", "KX-731842"),
}
# Sought by party B, in Russian; B knows its own servicemen's serial numbers.
SOUGHT = {
    "son": ("Шевченко", "Александр", "Александрович", "12.04.1998", "AB-100234"),
    "father": ("Шевченко", "Александр", "Николаевич", "03.02.1971", "AB-009981"),
    "petro1": ("Коваленко", "Петр", "Иванович", "1990", "AB-555001"),
    "petro2": ("Коваленко", "Петр", "Иванович", "", "AB-555777"),
    "ivan": ("Мельник", "Иван", "", "", ""),
    "serhii": ("Ткаченко", "Сергей", "Викторович", "1979", ""),
    "boiko_son": ("Бойко", "Александр", "Александрович", "14.06.2001", "KX-731842"),
    "boiko_father": ("Бойко", "Александр", "Александрович", "1975", "AB-200001"),
}
TRUE_PAIRS = {
    ("son", "son"),
    ("father", "father"),
    ("petro1", "petro1"),
    ("petro2", "petro2"),
    ("boiko_father", "boiko_father"),
    ("boiko_son", "boiko_son"),
}


@dataclass
class Lists:
    held_list: ExchangeList
    sought_list: ExchangeList
    held: dict[str, ExchangeEntry] = field(default_factory=dict)
    sought: dict[str, ExchangeEntry] = field(default_factory=dict)


def _details(row: tuple[str, ...], **more: str) -> EntryDetails:
    fam, given, patr, dob, serial = row
    return EntryDetails(
        family_name=fam,
        given_names=given,
        patronymic=patr,
        date_of_birth=dob,
        serial_number=serial,
        sex="M",
        **more,
    )


def literal_lists(world: World, *, submit: bool = True) -> Lists:
    """Party A's held list and party B's sought list, submitted to the intermediary."""
    officer_a = world.users["a:bureau_officer"]
    officer_b = world.users["b:bureau_officer"]
    held_list = services.create_list(officer_a, "Held by A", "held", "pow")
    sought_list = services.create_list(officer_b, "Sought by B", "sought", "pow")
    lists = Lists(held_list, sought_list)
    for key, row in HELD.items():
        lists.held[key] = services.add_entry(officer_a, held_list.pk, _details(row, unit="в/ч 1"))
    for key, row in SOUGHT.items():
        lists.sought[key] = services.add_entry(officer_b, sought_list.pk, _details(row))
    if submit:
        services.submit_list(officer_a, held_list.pk)
        services.submit_list(officer_b, sought_list.pk)
    return lists


def ready_entries(world: World, org: str, count: int, prefix: str = "R") -> list[ExchangeEntry]:
    """`count` persons held by the party, submitted, reconciled away, verified and consenting."""
    officer = world.users[f"{org}:bureau_officer"]
    held_list = services.create_list(officer, f"Ready {prefix}{org}", "held", "pow")
    entries = [
        services.add_entry(
            officer,
            held_list.pk,
            EntryDetails(
                family_name=f"{prefix}{org.upper()}FAM{n}",
                given_names=f"Given{n}",
                date_of_birth=f"{1980 + n}",
                serial_number=f"{prefix}{org.upper()}-{n:04d}",
            ),
        )
        for n in range(count)
    ]
    services.submit_list(officer, held_list.pk)
    desk = world.users["int:caseworker"]
    delegate = world.users["int:protection_delegate"]
    for entry in entries:
        entry.refresh_from_db()
        services.move(desk, entry, "not_found")
        protection.verify_custody(delegate, entry.pk)
        protection.interview(delegate, entry.pk, "wants_repatriation")
        entry.refresh_from_db()
    return entries
