"""Content as data (programs, lessons, glossary, areas, catalogs) and the loader that reads it."""
