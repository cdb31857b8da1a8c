"""What a consultation's team does, one module per concern (plain functions that views,
commands, the demo and tests call):

- `capture`: contributions typed by the team, the residents' public form, moderation;
- `listing`: counts, filters and the spreadsheet export of contributions;
- `importing`: a spreadsheet of contributions, checked row by row, imported all or nothing;
- `grouping`: asking for a theme grouping (inline, or queued for the worker);
- `grouping_run`: one run of the engine and how its result becomes themes and proposals;
- `curation`: the team's changes to themes, which later runs keep;
- `restitution`: the themes and quotes presented back to residents.
"""
