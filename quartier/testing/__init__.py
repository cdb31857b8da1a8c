"""Test tools shared by the apps' tests, never imported by production code.

- `factories`: accounts by role (`make_user`, `TEST_PASSWORD`);
- `browser`: log in through the form, audit a page with axe-core (`browser_login`, `audit_page`);
- `documents`: read the PDFs the app produces (`pdf_text`, `pdf_words` on one line);
- `demo`: the demo story, built once per test process and copied after (`load_demo`);
- `hostile`: the hostile corpus every form, import and export must survive;
- `crawler`: follow every link from the home page, submit every form, replay anonymously;
- `loadtest`: the real server under gunicorn and concurrent requests;
- `queries`: what a request read from the database (a view fetches its object once).

The whole-project suites (URL-by-role access matrix, crawls) live in `quartier/tests/`.
"""
