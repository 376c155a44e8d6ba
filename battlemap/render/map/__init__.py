"""The battle map: page one (the account at a glance), the detail pages and the org chart
pages, as HTML and PDF."""
