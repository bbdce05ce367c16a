DROP TABLE documents;
DROP FUNCTION documents_immutable();
DROP TABLE document_series;
DROP TABLE seller_settings;
