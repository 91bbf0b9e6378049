"""The pipeline stages, in the order a build runs them: read and validate the catalogue (`load`,
`yaml_reader`, `rules`, `pins`), write the database (`flatten`, `database`) and its exports (`export`),
and the contributor's tools around them (`scaffold` for `new`, `diff`, and `importers/`)."""
