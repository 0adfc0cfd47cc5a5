-- grain: one row per outlet (pages that name no outlet share one row, outlet null)
-- description: What each outlet contributed: its pages, the events they report, and the events it reported first.
-- unique: outlet
-- not_null: page_count, dated_page_count, event_count, first_reported_count
-- column outlet: The outlet as its pages name it (dim_documents.outlet); null for the pages that name none.
-- column page_count: How many pages (documents) of the outlet were loaded.
-- column dated_page_count: Of those, how many give their published_on.
-- column first_published_on: The outlet's earliest published_on; null if no page of it is dated.
-- column last_published_on: The outlet's latest published_on; null if no page of it is dated.
-- column event_count: Distinct events (messages, meetings, statements) its pages report.
-- column message_count: Of those, messages.
-- column meeting_count: Of those, meetings.
-- column statement_count: Of those, statements.
-- column first_reported_count: Events whose first page (reports.event_timeline.first_document_id: earliest published_on, undated pages last) is one of the outlet's.
WITH pages AS (
    SELECT
        outlet,
        count(*) AS page_count,
        count(published_on) AS dated_page_count,
        min(published_on) AS first_published_on,
        max(published_on) AS last_published_on
    FROM marts.dim_documents
    GROUP BY outlet
),
reported AS (
    SELECT
        d.outlet,
        count(DISTINCT b.event_id) AS event_count,
        count(DISTINCT b.event_id) FILTER (WHERE b.event_type = 'message') AS message_count,
        count(DISTINCT b.event_id) FILTER (WHERE b.event_type = 'meeting') AS meeting_count,
        count(DISTINCT b.event_id) FILTER (WHERE b.event_type = 'statement') AS statement_count
    FROM marts.bridge_event_documents AS b
    JOIN marts.dim_documents AS d ON d.document_id = b.document_id
    GROUP BY d.outlet
),
first_reports AS (
    SELECT d.outlet, count(*) AS first_reported_count
    FROM reports.event_timeline AS t
    JOIN marts.dim_documents AS d ON d.document_id = t.first_document_id
    GROUP BY d.outlet
)
SELECT
    p.outlet,
    p.page_count,
    p.dated_page_count,
    p.first_published_on,
    p.last_published_on,
    coalesce(r.event_count, 0) AS event_count,
    coalesce(r.message_count, 0) AS message_count,
    coalesce(r.meeting_count, 0) AS meeting_count,
    coalesce(r.statement_count, 0) AS statement_count,
    coalesce(f.first_reported_count, 0) AS first_reported_count
FROM pages AS p
-- Outlets are joined with IS NOT DISTINCT FROM: the pages that name no outlet form one group too.
LEFT JOIN reported AS r ON r.outlet IS NOT DISTINCT FROM p.outlet
LEFT JOIN first_reports AS f ON f.outlet IS NOT DISTINCT FROM p.outlet
