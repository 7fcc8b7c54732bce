"""Which roles do what in corridors."""

from corridor.accounts.roles import Role

# A party's officer drafts, counters, accepts and acknowledges.
NEGOTIATING_ROLES = frozenset({Role.LIAISON_OFFICER})
# The intermediary's operations lead relays versions, notifies, plans convoys, confirms arrival.
OPERATIONS_ROLES = frozenset({Role.OPERATIONS_LEAD})
# Registrars of any side register evacuees.
REGISTERING_ROLES = frozenset({Role.FIELD_REGISTRAR})
# At the crossing: a party's liaison officer or registrar scans; the intermediary's lead too.
CHECKPOINT_ROLES = frozenset({Role.LIAISON_OFFICER, Role.FIELD_REGISTRAR, Role.OPERATIONS_LEAD})
# Incidents are recorded by those present: the intermediary's lead or a party's liaison officer.
INCIDENT_ROLES = frozenset({Role.LIAISON_OFFICER, Role.OPERATIONS_LEAD, Role.PROTECTION_DELEGATE})
# Erasure on request: the intermediary's data protection officer alone.
ERASING_ROLES = frozenset({Role.DATA_PROTECTION_OFFICER})
