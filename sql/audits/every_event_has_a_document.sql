-- Every fact row is reported by at least one page, and every page link points at a fact that exists.
SELECT 'message' AS event_type, message_id AS event_id, 'no document' AS problem
FROM marts.fct_messages ANTI JOIN marts.bridge_event_documents AS b ON b.event_id = message_id
UNION ALL
SELECT 'meeting', meeting_id, 'no document'
FROM marts.fct_meetings ANTI JOIN marts.bridge_event_documents AS b ON b.event_id = meeting_id
UNION ALL
SELECT 'statement', statement_id, 'no document'
FROM marts.fct_statements ANTI JOIN marts.bridge_event_documents AS b ON b.event_id = statement_id
UNION ALL
SELECT b.event_type, b.event_id, 'no such event'
FROM marts.bridge_event_documents AS b
WHERE b.event_id NOT IN (
    SELECT message_id FROM marts.fct_messages
    UNION ALL SELECT meeting_id FROM marts.fct_meetings
    UNION ALL SELECT statement_id FROM marts.fct_statements
)
