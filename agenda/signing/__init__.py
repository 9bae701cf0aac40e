"""Signing ceremony and plenary (issue 5): the signing roster with OLA's full powers check, the public
signing board and "as of" report, and the speakers' lists of the plenary and the high-level discussions.

Treaty practice (../shared/domain.md, rules 1–3) is enforced in two layers: the database refuses what can be
said about one row (one signature per party, signing parties only, a signature has time and place, at most
two rights of reply per delegation per item); services.py checks what needs other rows (the signatory belongs
to the party, full powers verified before confirmation, Hà Nội or UN Headquarters by date, the close of
signature) under row locks. Orders are computed by the pure functions in ordering.py.
"""
