-- grain: one row per input page that became a document (the same content under two names is one document)
-- description: The pages the events were read from.
-- unique: document_id
-- not_null: document_id, file_name, content_sha256
-- column document_id: The document's key: the first 16 hex digits of its content's SHA-256.
-- column file_name: The base name of the file the page was read from (the first path holding this content).
-- column source_path: That file's path relative to the source folder; for a page inside a file that holds many
--   (JSON lines, a web archive), the file's path, '#' and the record's id.
-- column record_id: The page's record within its file: 'line-' or 'item-' and a hash of the item's url (else of its
--   content), or a WARC-Record-ID; null for a file that is one page.
-- column url: The page's address, where the input names it (an HTML page's canonical link, a JSON item's url, a
--   web archive's target URI); null for plain text.
-- column title: The article's headline; null if the page has none.
-- column outlet: Who published the page, as the page names it; null if it does not say.
-- column published_on: The article's own date (not a crawl or print date); null if the page gives none.
-- column content_sha256: SHA-256 of the page's bytes (the file's, or its record's).
-- column encoding: The text encoding the page was decoded with.
-- column size_bytes: The page's size in bytes (the file's, or its record's).
-- column path_count: How many files in the folder hold this same content now.
-- column is_gone: True when every file that held this page has disappeared from the source folder (rows kept).
SELECT
    document_id,
    file_name,
    source_path,
    title,
    outlet,
    published_on,
    content_sha256,
    encoding,
    size_bytes,
    path_count,
    is_gone,
    record_id,
    url
FROM staging.documents
