-- check: Every sourced figure cites a source record that exists.
select record_kind, record_id, field, source_id from facts where source_id not in (select source_id from sources)
