"""Exchange formats shared with other humanitarian systems, framework-free.

- ``corridor.interop.pfif`` — the People Finder Interchange Format (PFIF 1.1–1.4 read,
  1.4 written), Google Person Finder's format.

Nothing here imports Django: the apps map these records to and from their models.
"""
