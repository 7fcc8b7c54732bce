"""Cross-script person names, framework-free: keys that let the same name match in any script.

Public interface (each module documents its own rules and sources):

- ``skeleton(token)`` — common phonetic skeleton of one name token, Cyrillic (ru/uk) or Latin
  in any transliteration standard (corridor.names.skeleton).
- ``given_name_ids(token)`` — canonical ids of the given names a token may be: Russian and
  Ukrainian forms, diminutives and Latin spellings (corridor.names.given).
- ``surname_key(token)`` / ``patronymic_father(token)`` — surname key with gender and case
  folded; a patronymic's father's given-name id (corridor.names.surnames, .patronymics).
- ``parse_name(...)`` — a whole or split name into its parts (corridor.names.parse).
- ``parse_dob(text, reference)`` — partial, approximate and ambiguous dates of birth
  (corridor.names.dates).
- ``place_key(text)`` — settlement names in both languages with prefixes removed
  (corridor.names.places).

Nothing here imports Django.
"""
