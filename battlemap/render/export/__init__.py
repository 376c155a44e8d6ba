"""Exports of an account for other tools (`battlemap export`): a calendar (ICS), the
contacts as a spreadsheet (CSV) and page one of the map in Markdown."""
