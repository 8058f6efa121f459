"""The API pieces every app shares: how shared objects look (representations), the
serializer fields (fields), the JSON Schema of values (schema) and the declaration of a
page type's API fields with their schema (declarations). vlgsite/api/ serves them."""
