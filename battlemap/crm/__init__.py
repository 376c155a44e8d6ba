"""Contacts from a CRM export or a spreadsheet into an account file (`battlemap import`):
reading the source, ids from names, matching and merging, and edits by position."""
